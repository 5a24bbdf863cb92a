// Verb: one roostadm sub-command ("pw", later "user", "mailbox" ...) as the dispatcher in
// roostadm.cpp sees it, and the exit codes every verb shares.
#pragma once

#include <sysexits.h>

#include <ostream>
#include <span>
#include <string_view>

namespace roost::tools::roostadm {

// Exit codes: 0 success, 1 "the answer is no" (e.g. a password that does not match), and
// sysexits.h codes for everything that went wrong.
constexpr int kExitOk = 0;
constexpr int kExitNo = 1;
constexpr int kExitUsage = EX_USAGE;      // 64: bad command line
constexpr int kExitDataErr = EX_DATAERR;  // 65: input that cannot be used (e.g. a broken hash)
constexpr int kExitNoInput = EX_NOINPUT;  // 66: input that could not be read
constexpr int kExitSoftware = EX_SOFTWARE;  // 70: an internal failure

struct Verb {
    std::string_view name;
    std::string_view summary;  // one line for the verb list
    // Runs the verb on the arguments after its name. The strings are the process's own argv,
    // so a verb may overwrite secrets in them (hiding them from ps). Returns the exit code.
    int (*run)(std::span<char*> args);
    // Writes the verb's usage and options.
    void (*help)(std::ostream& out);
};

// The verbs, one file each.
int pw_run(std::span<char*> args);  // cmd_pw.cpp
void pw_help(std::ostream& out);
int auth_run(std::span<char*> args);  // cmd_auth.cpp
void auth_help(std::ostream& out);
int mailbox_run(std::span<char*> args);  // cmd_mailbox.cpp
void mailbox_help(std::ostream& out);
int save_run(std::span<char*> args);  // cmd_mail.cpp: save, search, fetch, expunge, flags
void save_help(std::ostream& out);
int search_run(std::span<char*> args);
void search_help(std::ostream& out);
int fetch_run(std::span<char*> args);
void fetch_help(std::ostream& out);
int expunge_run(std::span<char*> args);
void expunge_help(std::ostream& out);
int flags_run(std::span<char*> args);
void flags_help(std::ostream& out);
int quota_run(std::span<char*> args);  // cmd_quota.cpp
void quota_help(std::ostream& out);
int import_run(std::span<char*> args);  // cmd_import.cpp
void import_help(std::ostream& out);
int convert_run(std::span<char*> args);  // cmd_convert.cpp
void convert_help(std::ostream& out);
int index_run(std::span<char*> args);  // cmd_index.cpp
void index_help(std::ostream& out);

}  // namespace roost::tools::roostadm
