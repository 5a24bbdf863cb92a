require ["duplicate","fileinto"];
if duplicate :handle "h" :header "message-id" :seconds 60 :last { fileinto "dup"; }
if duplicate :uniqueid "x" { discard; }
