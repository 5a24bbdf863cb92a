require ["body","fileinto"];
if body :content "text" :contains ["missile","coordinates"] { fileinto "secrets"; }
if body :raw :contains "x" { discard; }
if body :text :matches "*body*" { keep; }
