require ["encoded-character"];
if header :is "subject" "$${hex:24 24}${unicode:40}${hex: 40 }${Unicode:Cool}" { discard; }
