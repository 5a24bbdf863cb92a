require ["copy","fileinto","mailbox"];
fileinto :copy :create "incoming"; redirect :copy "x@example.com";
