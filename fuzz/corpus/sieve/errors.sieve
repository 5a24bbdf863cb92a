require "nope";
foo;
if header :is "x" { }
redirect "bad";
if anyof(true; false) {
}
"unterminated