require "vacation";
vacation :mime :days 3 text:
Content-Type: text/plain; charset=utf-8

away
.
;
