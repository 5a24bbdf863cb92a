require ["mailbox","environment"];
if allof(mailboxexists "Archive", environment :matches "domain" "*") { discard; }
