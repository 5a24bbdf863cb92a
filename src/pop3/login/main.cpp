// roost-pop3-login: started by the master for `service pop3-login`.
#include "login/login_service.hpp"
#include "pop3/login/pop3_login.hpp"

int main(int argc, char** argv)
{
    return roost::login::run_login_service(argc, argv, "pop3", roost::pop3::serve_pop3_login);
}
