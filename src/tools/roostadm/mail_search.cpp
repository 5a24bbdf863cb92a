// A search query run over mailboxes with the IMAP server's SearchProgram.
#include "tools/roostadm/mail_search.hpp"

#include <ctime>
#include <optional>

#include "imap/worker/search_program.hpp"
#include "mail/message_parser.hpp"

namespace roost::tools::roostadm {
namespace {

struct Loaded {
    std::uint32_t uid = 0;
    std::string data;
    mail::MessageStructure structure;
};

Result<std::vector<std::uint32_t>> matching_uids(storage::Mailbox& box, const imap::SearchProgram& program)
{
    const std::int64_t now = std::time(nullptr);
    std::tm tm{};
    const std::time_t tt = static_cast<std::time_t>(now);
    ::localtime_r(&tt, &tm);
    const std::uint32_t count = box.count();
    const std::vector<std::uint32_t> no_saved;
    const imap::SearchScope scope{count, count > 0 ? box.message(count).uid : 0, &box.keywords(), &no_saved, now,
                                  static_cast<int>(tm.tm_gmtoff / 60)};
    std::optional<Loaded> loaded;
    std::vector<std::uint32_t> uids;
    for (std::uint32_t seq = 1; seq <= count; ++seq) {
        const storage::MessageInfo& info = box.message(seq);
        imap::SearchMessage m;
        m.seq = seq;
        m.info = &info;
        m.size = [&box, seq]() -> std::optional<std::uint64_t> {
            auto s = box.virtual_size(seq);
            return s ? std::optional<std::uint64_t>(*s) : std::nullopt;
        };
        m.content = [&box, &loaded, &info]() -> std::optional<imap::MessageContent> {
            if (!loaded || loaded->uid != info.uid) {
                auto data = box.read_message(info.uid);
                if (!data) {
                    return std::nullopt;
                }
                loaded = Loaded{info.uid, std::move(*data), {}};
                loaded->structure = mail::parse_message(loaded->data);
            }
            return imap::MessageContent{loaded->data, &loaded->structure};
        };
        if (program.matches(scope, m).value_or(false)) {
            uids.push_back(info.uid);
        }
    }
    return uids;
}

}  // namespace

Result<std::vector<std::string>> chosen_mailboxes(storage::Storage& storage, const storage::NamespaceNames& shown,
                                                  const MailQuery& query)
{
    auto listed = storage.list_mailboxes();
    if (!listed) {
        return listed.error();
    }
    std::vector<std::string> names;
    for (const storage::MailboxListEntry& e : *listed) {
        if (!e.selectable) {
            continue;
        }
        bool wanted = query.mailbox_patterns.empty();
        for (const std::string& p : query.mailbox_patterns) {
            wanted = wanted || mailbox_matches(p, shown.to_client(e.name));
        }
        if (wanted) {
            names.push_back(e.name);
        }
    }
    return names;
}

Result<void> for_each_match(storage::Storage& storage, const storage::NamespaceNames& shown, const MailQuery& query,
                            bool writable, const MatchVisitor& visit)
{
    auto program = imap::SearchProgram::compile(query.search.key, query.search.charset);
    if (!program) {
        return program.error();
    }
    auto names = chosen_mailboxes(storage, shown, query);
    if (!names) {
        return names.error();
    }
    for (const std::string& name : *names) {
        storage::OpenOptions options;
        options.read_only = !writable;
        auto box = storage.open_mailbox(name, options);
        if (!box) {
            return Error{box.error().code, name + ": " + box.error().message};
        }
        auto uids = matching_uids(**box, *program);
        if (!uids) {
            return uids.error();
        }
        if (!uids->empty()) {
            if (auto r = visit(**box, *uids); !r) {
                return r;
            }
        }
    }
    return {};
}

}  // namespace roost::tools::roostadm
