require ["envelope","subaddress","fileinto"];
if envelope :user "to" "me" { fileinto "a"; }
if address :detail :matches "to" "*" { fileinto "d-${1}"; }
