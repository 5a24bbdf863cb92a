// The %-variables of an auth request (%u, %n, %d, %s, %r ...), for driver args and extra fields.
#pragma once

#include "auth/db/fields.hpp"
#include "auth/db/request_info.hpp"
#include "config/variables.hpp"
#include "core/result.hpp"

namespace roost::auth {

// The variables a passdb or userdb may use for `request`: the one-letter names of
// config::user_letters() and long names (user, username, domain, service, lip, rip, lport,
// rport, mech, secured, cert, session, real_lip, real_rip, orig_user, auth_user,
// auth_username, auth_domain, domain_first, domain_last, hostname). Values the request does
// not know (home, uid, pid, password) stay unset, so using them is an error naming them;
// `hash` is left unset as well: %{md5:...} fails until the auth service provides hashes.
config::Variables request_variables(const RequestInfo& request);

// True when `text` holds a %-variable (a '%' that is not "%%").
bool has_variables(std::string_view text);

// Expands %variables in every field value (keys and bare flags stay as they are). The error
// names the field: "userdb_home=/srv/%z: Unknown variable %z".
Result<Fields> expand_field_values(const Fields& fields, const config::Variables& vars);

}  // namespace roost::auth
