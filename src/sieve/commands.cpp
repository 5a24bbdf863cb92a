// The table of every command and test (convention 1). A row names the capability a script
// must require; commands of RFC 5228 itself have none.
#include "sieve/commands.hpp"

#include <array>

namespace roost::sieve {
namespace {

const std::array kCommands = {
    CommandDef{"stop", "", make_stop},
    CommandDef{"keep", "", make_keep},
    CommandDef{"discard", "", make_discard},
    CommandDef{"redirect", "", make_redirect},
    CommandDef{"fileinto", "fileinto", make_fileinto},
    CommandDef{"reject", "reject", make_reject},
    CommandDef{"ereject", "ereject", make_ereject},
    CommandDef{"set", "variables", make_set},
    CommandDef{"vacation", "vacation", make_vacation},
    CommandDef{"setflag", "imap4flags", make_setflag},
    CommandDef{"addflag", "imap4flags", make_addflag},
    CommandDef{"removeflag", "imap4flags", make_removeflag},
    CommandDef{"include", "include", make_include},
    CommandDef{"return", "include", make_return},
    CommandDef{"global", "include", make_global},
    CommandDef{"addheader", "editheader", make_addheader},
    CommandDef{"deleteheader", "editheader", make_deleteheader},
    CommandDef{"notify", "enotify", make_notify},
    CommandDef{"error", "ihave", make_error},
    CommandDef{"foreverypart", "foreverypart", make_foreverypart, true},
    CommandDef{"break", "foreverypart", make_break},
    CommandDef{"extracttext", "extracttext", make_extracttext},
};

const std::array kTests = {
    TestDef{"true", "", make_true},
    TestDef{"false", "", make_false},
    TestDef{"not", "", make_not, SubTests::One},
    TestDef{"allof", "", make_allof, SubTests::List},
    TestDef{"anyof", "", make_anyof, SubTests::List},
    TestDef{"address", "", make_address},
    TestDef{"header", "", make_header},
    TestDef{"exists", "", make_exists},
    TestDef{"size", "", make_size},
    TestDef{"envelope", "envelope", make_envelope},
    TestDef{"string", "variables", make_string},
    TestDef{"hasflag", "imap4flags", make_hasflag},
    TestDef{"body", "body", make_body},
    TestDef{"date", "date", make_date},
    TestDef{"currentdate", "date", make_currentdate},
    TestDef{"mailboxexists", "mailbox", make_mailboxexists},
    TestDef{"environment", "environment", make_environment},
    TestDef{"valid_notify_method", "enotify", make_valid_notify_method},
    TestDef{"notify_method_capability", "enotify", make_notify_method_capability},
    TestDef{"duplicate", "duplicate", make_duplicate},
    TestDef{"ihave", "ihave", make_ihave},
    TestDef{"spamtest", "spamtest", make_spamtest},
    TestDef{"virustest", "virustest", make_virustest},
};

}  // namespace

const CommandDef* find_command(std::string_view name)
{
    for (const CommandDef& d : kCommands) {
        if (d.name == name) {
            return &d;
        }
    }
    return nullptr;
}

const TestDef* find_test(std::string_view name)
{
    for (const TestDef& d : kTests) {
        if (d.name == name) {
            return &d;
        }
    }
    return nullptr;
}

}  // namespace roost::sieve
