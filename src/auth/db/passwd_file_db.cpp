// The passwd-file passdb and userdb.
#include "auth/db/passwd_file_db.hpp"

#include <algorithm>
#include <array>

#include "auth/db/request_vars.hpp"
#include "auth/db/system_user.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

Error args_error(std::string message)
{
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "passwd-file: " + std::move(message)};
}

bool starts_with_key(std::string_view word, std::string_view key)
{
    return word.size() > key.size() && word.compare(0, key.size(), key) == 0 &&
           word[key.size()] == '=';
}

// libpam-pwdfile writes "hash[13]" for DES crypt and "hash[34]" for MD5 crypt; "[56]" was
// Dovecot's own mark for DIGEST-MD5. Anything else is a password as written.
std::string stored_password(const std::string& password)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kMarks{
        {{"[13]", "{CRYPT}"}, {"[34]", "{MD5-CRYPT}"}, {"[56]", "{DIGEST-MD5}"}}};
    if (password.empty() || password.front() == '{') {
        return password;
    }
    for (const auto& [mark, scheme] : kMarks) {
        if (password.size() > mark.size() &&
            password.compare(password.size() - mark.size(), mark.size(), mark) == 0) {
            return std::string(scheme) + password.substr(0, password.size() - mark.size());
        }
    }
    return password;
}

// True when the expanded path has more '/' than the template, or a ".." component it lacked.
bool adds_path_parts(std::string_view pattern, std::string_view expanded)
{
    const auto slashes = [](std::string_view p) { return std::count(p.begin(), p.end(), '/'); };
    const auto dot_dots = [](std::string_view p) {
        long n = 0;
        for (const std::string_view part : split(p, '/')) {
            n += part == ".." ? 1 : 0;
        }
        return n;
    };
    return slashes(expanded) != slashes(pattern) || dot_dots(expanded) != dot_dots(pattern);
}

}  // namespace

Result<PasswdFileArgs> PasswdFileArgs::parse(std::string_view args)
{
    PasswdFileArgs out;
    std::string_view rest = trim(args);
    while (!rest.empty()) {
        const std::size_t end = rest.find_first_of(" \t");
        const std::string_view word = rest.substr(0, end);
        if (word == "scheme=" || word == "username_format=") {
            return args_error("empty value in " + std::string(word));
        }
        if (starts_with_key(word, "scheme")) {
            out.scheme = to_upper(word.substr(7));
        } else if (starts_with_key(word, "username_format")) {
            out.username_format = std::string(word.substr(16));
        } else {
            break;  // the path, which may hold spaces
        }
        rest = end == std::string_view::npos ? std::string_view() : trim_left(rest.substr(end));
    }
    out.path = std::string(rest);
    if (out.path.empty()) {
        return args_error("args need a file path");
    }
    for (const std::string* text : {&out.path, &out.username_format}) {
        if (std::string problem = config::check_variable_syntax(*text); !problem.empty()) {
            return args_error(*text + ": " + problem);
        }
    }
    return out;
}

PasswdFile::PasswdFile(PasswdFileArgs args, std::shared_ptr<PasswdFileCache> cache)
    : args_(std::move(args)), cache_(std::move(cache)), per_request_path_(has_variables(args_.path))
{
    if (!per_request_path_ && args_.path.find('%') != std::string::npos) {
        // Only "%%" escapes: the path is fixed, written with single '%'.
        auto fixed = config::expand_variables(args_.path, config::Variables{});
        if (fixed) {
            args_.path = std::move(*fixed);
        }
    }
}

PasswdFile::Lookup PasswdFile::find(const RequestInfo& request) const
{
    Lookup out;
    out.vars = request_variables(request);
    std::string path = args_.path;
    if (per_request_path_) {
        auto expanded = config::expand_variables(args_.path, out.vars);
        if (!expanded) {
            out.status = Status::TempFail;
            out.error = "passwd-file " + args_.path + ": " + expanded.error().message;
            return out;
        }
        // Variables choose a file, never a directory elsewhere: "alice@../../etc" must not
        // reach /etc/passwd even where auth_username_chars lets '/' through.
        if (adds_path_parts(args_.path, *expanded)) {
            out.status = Status::UserUnknown;
            return out;
        }
        path = std::move(*expanded);
    }
    auto key = config::expand_variables(args_.username_format, out.vars);
    if (!key) {
        out.status = Status::TempFail;
        out.error =
            "passwd-file username_format " + args_.username_format + ": " + key.error().message;
        return out;
    }
    auto file = cache_->get(path);
    if (!file) {
        // With a per-domain path, a missing file means a domain we do not serve.
        if (per_request_path_ && file.error().code == std::errc::no_such_file_or_directory) {
            out.status = Status::UserUnknown;
            return out;
        }
        out.status = Status::TempFail;
        out.error = file.error().message;
        return out;
    }
    out.file = std::move(*file);
    const auto it = out.file->entries.find(*key);
    if (key->empty() || it == out.file->entries.end()) {
        out.status = Status::UserUnknown;
        return out;
    }
    out.entry = &it->second;
    out.status = Status::Found;
    return out;
}

bool PasswdFile::iterate(const std::function<void(const std::string&)>& each) const
{
    if (per_request_path_) {
        return false;
    }
    auto file = cache_->get(args_.path);
    if (!file) {
        return false;
    }
    for (const auto& [user, entry] : (*file)->entries) {
        each(user);
    }
    return true;
}

PasswdFilePassdb::PasswdFilePassdb(PasswdFileArgs args, std::shared_ptr<PasswdFileCache> cache)
    : file_(std::move(args), std::move(cache))
{
}

PassdbResult PasswdFilePassdb::lookup(const RequestInfo& request)
{
    PassdbResult out;
    out.user = request.user;
    out.default_scheme = file_.args().scheme;
    PasswdFile::Lookup found = file_.find(request);
    if (found.status != PasswdFile::Status::Found) {
        out.status = found.status == PasswdFile::Status::TempFail ? PassdbStatus::TempFail
                                                                  : PassdbStatus::UserUnknown;
        out.error = std::move(found.error);
        return out;
    }
    const PasswdFileEntry& entry = *found.entry;
    auto extra = expand_field_values(entry.extra, found.vars);
    if (!extra) {
        out.status = PassdbStatus::TempFail;
        out.error = "passwd-file line " + std::to_string(entry.line) + ": " + extra.error().message;
        return out;
    }
    out.extra = std::move(*extra);
    for (const auto& [key, value] :
         {std::pair{"userdb_uid", &entry.uid}, std::pair{"userdb_gid", &entry.gid},
          std::pair{"userdb_home", &entry.home}}) {
        if (!value->empty() && find_field(out.extra, key) == nullptr) {
            out.extra.push_back(Field{key, *value, true});
        }
    }
    out.password = stored_password(entry.password);
    out.status = PassdbStatus::Ok;
    return out;
}

PassdbResult PasswdFilePassdb::verify(const RequestInfo& request, std::string_view password)
{
    (void)password;
    PassdbResult out = lookup(request);
    if (out.status == PassdbStatus::Ok && out.password.empty() &&
        find_field(out.extra, "nopassword") == nullptr) {
        out.status = PassdbStatus::PasswordMismatch;
        out.error = "empty password field";
    }
    return out;
}

PasswdFileUserdb::PasswdFileUserdb(PasswdFileArgs args, std::shared_ptr<PasswdFileCache> cache)
    : file_(std::move(args), std::move(cache))
{
}

UserdbResult PasswdFileUserdb::lookup(const RequestInfo& request, const Fields& passdb_fields)
{
    (void)passdb_fields;
    UserdbResult out;
    out.user = request.user;
    PasswdFile::Lookup found = file_.find(request);
    if (found.status != PasswdFile::Status::Found) {
        out.status = found.status == PasswdFile::Status::TempFail ? UserdbStatus::TempFail
                                                                  : UserdbStatus::UserUnknown;
        out.error = std::move(found.error);
        return out;
    }
    const PasswdFileEntry& entry = *found.entry;
    Fields fields;
    for (const auto& [key, value] : {std::pair{"uid", &entry.uid}, std::pair{"gid", &entry.gid},
                                     std::pair{"home", &entry.home}}) {
        if (!value->empty()) {
            fields.push_back(Field{key, *value, true});
        }
    }
    const auto fail = [&](const Error& error) {
        out.status = UserdbStatus::TempFail;
        out.error = "passwd-file line " + std::to_string(entry.line) + ": " + error.message;
        return out;
    };
    auto overrides = expand_field_values(split_userdb_fields(entry.extra).userdb, found.vars);
    if (!overrides) {
        return fail(overrides.error());
    }
    for (Field& f : *overrides) {
        set_field(fields, std::move(f.key), std::move(f.value), f.has_value);
    }
    if (auto ids = resolve_id_fields(fields); !ids) {
        return fail(ids.error());
    }
    out.fields = std::move(fields);
    out.status = UserdbStatus::Ok;
    return out;
}

bool PasswdFileUserdb::iterate(const std::function<void(const std::string&)>& each)
{
    return file_.iterate(each);
}

}  // namespace roost::auth
