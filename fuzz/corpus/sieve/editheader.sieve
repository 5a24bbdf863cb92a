require ["editheader","index"];
addheader "X-A" "1"; addheader :last "X-B" "café";
deleteheader :index 1 :last "x-a";
deleteheader :contains "subject" "hello";
deleteheader "received";
