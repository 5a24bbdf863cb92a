// The static passdb and userdb.
#include "auth/db/static_db.hpp"

#include "auth/db/request_vars.hpp"
#include "auth/db/system_user.hpp"
#include "config/variables.hpp"

namespace roost::auth {
namespace {

Error args_error(std::string_view role, std::string message)
{
    return Error{std::make_error_code(std::errc::invalid_argument),
                 std::string(role) + " static: " + std::move(message)};
}

Result<void> check_syntax(std::string_view role, const Fields& fields)
{
    for (const Field& f : fields) {
        if (std::string problem = config::check_variable_syntax(f.value); !problem.empty()) {
            return args_error(role, f.key + "=" + f.value + ": " + problem);
        }
    }
    return {};
}

}  // namespace

Result<StaticPassdb> StaticPassdb::create(std::string_view args)
{
    StaticPassdb db;
    Fields fields = parse_field_list(args);
    if (auto ok = check_syntax("passdb", fields); !ok) {
        return ok.error();
    }
    for (Field& f : fields) {
        if (f.key == "password") {
            db.password_ = std::move(f.value);
        } else if (f.key == "nopassword" && (!f.has_value || f.value == "yes" || f.value == "y")) {
            db.nopassword_ = true;
        } else if (f.key == "nopassword" && (f.value == "no" || f.value == "n")) {
            db.nopassword_ = false;
        } else {
            db.extra_.push_back(std::move(f));
        }
    }
    if (db.nopassword_) {
        db.extra_.push_back(Field{"nopassword", "", false});
    }
    return db;
}

PassdbResult StaticPassdb::lookup(const RequestInfo& request)
{
    PassdbResult out;
    out.user = request.user;
    out.default_scheme = "PLAIN";
    const config::Variables vars = request_variables(request);
    auto password = config::expand_variables(password_, vars);
    auto extra = expand_field_values(extra_, vars);
    if (!password || !extra) {
        out.status = PassdbStatus::TempFail;
        out.error = "passdb static: " +
                    (!password ? "password: " + password.error().message : extra.error().message);
        return out;
    }
    out.password = std::move(*password);
    out.extra = std::move(*extra);
    out.status = PassdbStatus::Ok;
    return out;
}

PassdbResult StaticPassdb::verify(const RequestInfo& request, std::string_view password)
{
    (void)password;
    PassdbResult out = lookup(request);
    if (out.status == PassdbStatus::Ok && out.password.empty() && !nopassword_) {
        out.status = PassdbStatus::PasswordMismatch;
        out.error = "no password set in args";
    }
    return out;
}

Result<StaticUserdb> StaticUserdb::create(std::string_view args)
{
    StaticUserdb db;
    Fields fields = parse_field_list(args);
    if (auto ok = check_syntax("userdb", fields); !ok) {
        return ok.error();
    }
    for (Field& f : fields) {
        if (f.key != "allow_all_users") {
            set_field(db.template_, std::move(f.key), std::move(f.value), f.has_value);
        } else if (!f.has_value || f.value == "yes" || f.value == "y") {
            db.allow_all_users_ = true;
        } else if (f.value == "no" || f.value == "n") {
            db.allow_all_users_ = false;
        } else {
            return args_error("userdb", "allow_all_users=" + f.value + ": expected yes or no");
        }
    }
    return db;
}

UserdbResult StaticUserdb::lookup(const RequestInfo& request, const Fields& passdb_fields)
{
    (void)passdb_fields;
    UserdbResult out;
    out.user = request.user;
    auto fields = expand_field_values(template_, request_variables(request));
    Result<void> ids = fields ? resolve_id_fields(*fields) : Result<void>(fields.error());
    if (!ids) {
        out.status = UserdbStatus::TempFail;
        out.error = "userdb static: " + ids.error().message;
        return out;
    }
    out.fields = std::move(*fields);
    out.status = UserdbStatus::Ok;
    return out;
}

}  // namespace roost::auth
