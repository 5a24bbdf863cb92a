// roost-imap-login: started by the master for `service imap-login`.
#include "imap/login/imap_login.hpp"
#include "login/login_service.hpp"

int main(int argc, char** argv)
{
    return roost::login::run_login_service(argc, argv, "imap", roost::imap::serve_imap_login);
}
