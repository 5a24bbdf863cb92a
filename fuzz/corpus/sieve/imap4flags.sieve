require ["imap4flags","fileinto","variables"];
setflag "\\Seen"; addflag "v" ["a","b"]; removeflag "a";
if hasflag :contains "v" "b" { fileinto :flags "${v}" "f"; }
keep :flags "\\Flagged";
