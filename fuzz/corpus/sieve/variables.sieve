require ["variables","fileinto"];
set "a" "juMBlEd lETteRS";
set :upperfirst :lower "b" "${a}";
set :length "l" "${b}";
if header :matches "Subject" "* *" { fileinto "x.${1}.${2}.${l}"; }
if string :is "${BAD${a}" "" { stop; }
