require ["reject","ereject"];
if header :contains "from" "coyote" { reject "no"; } else { ereject "no"; }
