require ["regex","variables","fileinto"];
if header :regex "List-Id" "<(.*)\\.example" { fileinto "lists.${1}"; }
set :quoteregex "q" "a.b";
if address :regex :comparator "i;octet" "from" "^s.*\\+" { discard; }
