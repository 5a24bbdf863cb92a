require ["foreverypart","mime","variables","extracttext","fileinto"];
foreverypart :name "o" { foreverypart { if header :mime :anychild :contenttype "Content-Type" "text/html" { break :name "o"; } }
 if header :mime :param "charset" "Content-Type" "utf-8" { extracttext :first 10 "t"; fileinto "${t}"; } }
if exists :mime :anychild "content-type" { keep; }
