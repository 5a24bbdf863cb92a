// roost-managesieve-login: started by the master for `service managesieve-login`.
#include "login/login_service.hpp"
#include "managesieve/login/managesieve_login.hpp"

int main(int argc, char** argv)
{
    return roost::login::run_login_service(argc, argv, "sieve", roost::managesieve::serve_managesieve_login,
                                           "managesieve");
}
