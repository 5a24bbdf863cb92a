// roost-submission-login: started by the master for `service submission-login`.
#include "login/login_service.hpp"
#include "submission/login/submission_login.hpp"

int main(int argc, char** argv)
{
    return roost::login::run_login_service(argc, argv, "submission", roost::submission::serve_submission_login);
}
