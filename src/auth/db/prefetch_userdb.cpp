// The prefetch userdb.
#include "auth/db/prefetch_userdb.hpp"

#include "auth/db/system_user.hpp"

namespace roost::auth {

UserdbResult PrefetchUserdb::lookup(const RequestInfo& request, const Fields& passdb_fields)
{
    UserdbResult out;
    out.user = request.user;
    Fields fields;
    for (const Field& f : passdb_fields) {
        // Tolerate fields that still carry their prefix; any others are already userdb fields.
        std::string key =
            f.key.starts_with("userdb_") && f.key.size() > 7 ? f.key.substr(7) : f.key;
        set_field(fields, std::move(key), f.value, f.has_value);
    }
    if (fields.empty()) {
        out.status = UserdbStatus::UserUnknown;
        out.error = "the passdb returned no userdb fields";
        return out;
    }
    if (auto ids = resolve_id_fields(fields); !ids) {
        out.status = UserdbStatus::TempFail;
        out.error = "prefetch: " + ids.error().message;
        return out;
    }
    out.fields = std::move(fields);
    out.status = UserdbStatus::Ok;
    return out;
}

}  // namespace roost::auth
