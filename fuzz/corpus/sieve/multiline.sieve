require "reject";
reject text:
line 1
..line 2
.
;
