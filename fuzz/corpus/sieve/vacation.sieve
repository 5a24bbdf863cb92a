require ["vacation-seconds","variables"];
if header :matches "subject" "*" { vacation :seconds 60 :subject "Re: ${1}" :from "me@example.com" :addresses ["me@example.com"] :handle "h" "away"; }
