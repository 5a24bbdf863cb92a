// UserdbChain: userdbs in order.
#include "auth/userdb_chain.hpp"

#include "auth/db/request_vars.hpp"
#include "config/variables.hpp"

namespace roost::auth {
namespace {

void apply_fields(UserdbResult& r, const DbSettings& rules, const RequestInfo& request)
{
    const config::Variables vars = request_variables(request);
    const auto expanded = [&](const std::string& text) {
        auto e = config::expand_variables(text, vars);
        return e ? *e : text;
    };
    for (const Field& f : parse_field_list(expanded(rules.default_fields))) {
        if (find_field(r.fields, f.key) == nullptr) {
            r.fields.push_back(f);
        }
    }
    for (const Field& f : parse_field_list(expanded(rules.override_fields))) {
        set_field(r.fields, f.key, f.value, f.has_value);
    }
}

}  // namespace

UserdbChain::UserdbChain(std::vector<Entry> entries) : entries_(std::move(entries)) {}

UserdbResult UserdbChain::lookup(const RequestInfo& request, const Fields& passdb_fields)
{
    UserdbResult worst;
    worst.status = UserdbStatus::UserUnknown;
    worst.user = request.user;
    std::optional<UserdbResult> remembered;
    for (Entry& e : entries_) {
        const bool found = remembered && remembered->status == UserdbStatus::Ok;
        if ((e.rules.skip == "found" && found) || (e.rules.skip == "notfound" && !found)) {
            continue;
        }
        UserdbResult r = e.db->lookup(request, passdb_fields);
        if (r.user.empty()) {
            r.user = request.user;
        }
        if (r.status == UserdbStatus::Ok) {
            // Fields the passdb sent (userdb_*) win over the userdb's own, as in Dovecot.
            for (const Field& f : passdb_fields) {
                set_field(r.fields, f.key, f.value, f.has_value);
            }
        }
        apply_fields(r, e.rules, request);
        if (r.status == UserdbStatus::TempFail) {
            worst = r;
        }
        const std::string& action = r.status == UserdbStatus::Ok         ? e.rules.result_success
                                    : r.status == UserdbStatus::TempFail ? e.rules.result_internalfail
                                                                         : e.rules.result_failure;
        if (action == "return" || action == "return-ok" || action == "return-fail") {
            if (action == "return-fail") {
                r.status = UserdbStatus::UserUnknown;
            }
            return r;
        }
        if (action == "continue-ok" || action == "continue-fail") {
            if (action == "continue-fail") {
                r.status = UserdbStatus::UserUnknown;
            }
            remembered = r;
        }
    }
    return remembered ? *remembered : worst;
}

bool UserdbChain::iterate(const std::function<void(const std::string&)>& each)
{
    bool any = false;
    for (Entry& e : entries_) {
        any = e.db->iterate(each) || any;
    }
    return any;
}

}  // namespace roost::auth
