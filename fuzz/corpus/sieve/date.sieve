require ["date","relational","index","variables","fileinto"];
if date :value "ge" :originalzone "date" "hour" "09" { fileinto "a"; }
if date :index 1 :last :zone "+0100" "received" "weekday" "2" { keep; }
if currentdate :matches "iso8601" "*" { set "d" "${0}"; }
