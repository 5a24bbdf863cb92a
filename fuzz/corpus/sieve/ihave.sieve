require ["ihave"];
if ihave "x-unknown" { x_cmd :x "y"; } elsif ihave ["fileinto"] { fileinto "a"; }
if not ihave "envelope" { error "no"; }
