require ["enotify","variables"];
set :encodeurl "b" "a b&c";
if valid_notify_method "mailto:a@example.com" { notify :importance "1" :from "me@example.com" :message "hi" :options ["x"] "mailto:a@example.com?subject=x&body=${b}"; }
if notify_method_capability "mailto:a@b.c" "online" "maybe" { stop; }
