// Tests of the saved mbox parse (roost-mbox-parse): its encoding, and how a new session or a
// sync uses it: as it is, only for the appended tail, or not at all (changed, shrunk,
// replaced, damaged), always giving what a parse of the whole file gives.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/file_util.hpp"
#include "storage/mbox/mbox_mailbox.hpp"
#include "storage/mbox/mbox_parse_cache.hpp"
#include "storage/storage.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::mbox {
namespace {

using storage::testing::read_text;
using storage::testing::TempDir;
using storage::testing::write_text;
using LoadKind = MboxMailbox::LoadKind;

std::string postfix_message(const std::string& subject, const std::string& body,
                            const std::string& extra = "")
{
    return "From sender@example.org  Sun Nov 22 08:43:29 2026\n"
           "Return-Path: <sender@example.org>\n" +
           extra + "Subject: " + subject + "\n\n" + body + "\n\n";
}

void append_raw(const std::string& path, const std::string& data)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    ::close(fd);
}

// Rewrites `path` in place (same inode) with `data`, as mutt does.
void rewrite_in_place(const std::string& path, const std::string& data)
{
    const int fd = ::open(path.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, data.data(), data.size(), 0), static_cast<ssize_t>(data.size()));
    ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(data.size())), 0);
    ::close(fd);
}

struct timespec mtime_of(const std::string& path)
{
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mtim;
}

void set_mtime(const std::string& path, const struct timespec& t)
{
    const struct timespec times[2] = {t, t};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

// What a test compares between two sessions: everything the view holds, and the texts.
struct Seen {
    std::uint32_t uid = 0;
    std::uint8_t flags = 0;
    std::vector<std::string> keywords;
    std::uint64_t size = 0;
    std::int64_t date = 0;
    std::string text;
    bool operator==(const Seen&) const = default;
    friend void PrintTo(const Seen& s, std::ostream* os)
    {
        *os << "{uid " << s.uid << " flags " << int(s.flags) << " size " << s.size << " date "
            << s.date << " keywords " << s.keywords.size() << " text " << s.text.size() << "}";
    }
};

std::vector<Seen> view_of(Mailbox& box)
{
    std::vector<Seen> out;
    for (std::uint32_t seq = 1; seq <= box.count(); ++seq) {
        const MessageInfo& m = box.message(seq);
        Seen s;
        s.uid = m.uid;
        s.flags = m.flags.storable().bits();
        for (std::size_t i = 0; i < box.keywords().size(); ++i) {
            if ((m.keywords >> i) & 1U) {
                s.keywords.push_back(box.keywords()[i]);
            }
        }
        s.size = m.size;
        s.date = m.internal_date;
        auto text = box.read_message(m.uid);
        s.text = text ? *text : "(unreadable)";
        out.push_back(std::move(s));
    }
    return out;
}

class MboxLoadTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
        inbox_ = dir_.path() + "/inbox";
    }

    std::unique_ptr<Storage> storage(const std::string& inbox,
                                     const std::string& root = "mail") const
    {
        StorageSettings s;
        s.mail_location = "mbox:" + dir_.path() + "/" + root + ":INBOX=" + inbox;
        s.variables = {"tester", dir_.path()};
        s.fsync = false;
        s.mbox.lock_timeout = std::chrono::seconds(2);
        auto st = open_storage(s);
        EXPECT_TRUE(st) << (st ? "" : st.error().message);
        return std::move(st.value());
    }

    // Opens INBOX (at `inbox`) in a new session; `kind` is how its parse came about.
    std::unique_ptr<Mailbox> open(LoadKind* kind = nullptr, const std::string& inbox = "",
                                  const std::string& root = "mail")
    {
        storage_ = storage(inbox.empty() ? inbox_ : inbox, root);
        auto box = storage_->open_mailbox("INBOX", OpenOptions{});
        EXPECT_TRUE(box) << (box ? "" : box.error().message);
        if (kind != nullptr) {
            *kind = dynamic_cast<MboxMailbox&>(**box).last_load();
        }
        return std::move(box.value());
    }

    static LoadKind kind_of(Mailbox& box) { return dynamic_cast<MboxMailbox&>(box).last_load(); }

    std::string saved_path() const
    {
        return dir_.path() + "/mail/.imap/INBOX/" + std::string(kMboxParseFile);
    }

    // The same file parsed whole, in a mailbox of its own (another path and index).
    std::vector<Seen> full_parse_of(const std::string& bytes)
    {
        static int n = 0;
        const std::string other = dir_.path() + "/other" + std::to_string(++n);
        write_text(other, bytes);
        auto st = storage(other, "root" + std::to_string(n));
        auto box = st->open_mailbox("INBOX", OpenOptions{});
        EXPECT_TRUE(box);
        EXPECT_EQ(kind_of(**box), LoadKind::Full);
        return view_of(**box);
    }

    TempDir dir_;
    std::string inbox_;
    std::unique_ptr<Storage> storage_;
};

TEST(MboxParseCacheTest, RoundTripAndEveryDamageIsRefused)
{
    const std::string data =
        "From a@b  Sun Nov 22 08:43:29 2026\nX-IMAPbase: 17 0000000009 $Junk\nX-UID: 3\n"
        "Status: RO\nX-Status: AF\nX-Keywords: $Junk          \nSubject: x\n\nbody\n\n"
        "From a@b  Sun Nov 22 08:43:30 2026\nContent-Length: 3\nX-UID: 9\nStatus: O\n\nabc\n";
    const ParsedMbox parsed = parse_mbox(data);
    ASSERT_EQ(parsed.messages.size(), 2u);
    MboxParse p;
    p.identity = {1, 2, data.size(), 1234567891, 7};
    p.taken_ns = 1299999999;
    p.base = parsed.base;
    p.last_uid = 9;
    p.keywords = {"$Junk"};
    p.chunk_sums = {chunk_sum(data, 0)};
    for (std::size_t i = 0; i < 2; ++i) {
        MboxEntry e;
        e.parsed = parsed.messages[i];
        e.parsed.keywords.clear();
        e.uid = *parsed.messages[i].uid;
        e.keywords = i == 0 ? 1 : 0;
        e.size = 10 + i;
        e.vsize = 12 + i;
        p.entries.push_back(std::move(e));
    }
    const std::string bytes = encode_mbox_parse(p, "/var/mail/u");
    auto back = decode_mbox_parse(bytes, "/var/mail/u");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->identity, p.identity);
    EXPECT_EQ(back->taken_ns, p.taken_ns);
    ASSERT_TRUE(back->base);
    EXPECT_EQ(back->base->uidvalidity, 17u);
    EXPECT_EQ(back->base->last_uid_offset, parsed.base->last_uid_offset);
    EXPECT_EQ(back->base->keywords, parsed.base->keywords);
    EXPECT_EQ(back->keywords, p.keywords);
    EXPECT_EQ(back->chunk_sums, p.chunk_sums);
    ASSERT_EQ(back->entries.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const ParsedMessage& a = back->entries[i].parsed;
        const ParsedMessage& b = p.entries[i].parsed;
        EXPECT_EQ(std::tie(a.from, a.header, a.header_end, a.body, a.end, a.next, a.received),
                  std::tie(b.from, b.header, b.header_end, b.body, b.end, b.next, b.received));
        EXPECT_EQ(a.uid, b.uid);
        EXPECT_EQ(a.flags, b.flags);
        EXPECT_EQ(a.seen_by_reader, b.seen_by_reader);
        EXPECT_EQ(a.hidden, b.hidden);
        EXPECT_EQ(a.status_block, b.status_block);
        EXPECT_EQ(back->entries[i].uid, p.entries[i].uid);
        EXPECT_EQ(back->entries[i].keywords, p.entries[i].keywords);
        EXPECT_EQ(back->entries[i].size, p.entries[i].size);
        EXPECT_EQ(back->entries[i].vsize, p.entries[i].vsize);
    }
    EXPECT_TRUE(back->entries[0].parsed.flags.has(Flag::Flagged));
    // Another mailbox's file, every truncation and every flipped byte are refused.
    EXPECT_FALSE(decode_mbox_parse(bytes, "/var/mail/other"));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        EXPECT_FALSE(decode_mbox_parse(bytes.substr(0, n), "/var/mail/u")) << n;
        std::string damaged = bytes;
        damaged[n] = static_cast<char>(damaged[n] ^ 0x10);
        EXPECT_FALSE(decode_mbox_parse(damaged, "/var/mail/u")) << n;
    }
    EXPECT_FALSE(decode_mbox_parse(bytes + "x", "/var/mail/u"));
    EXPECT_FALSE(decode_mbox_parse(std::string(200, '\0'), "/var/mail/u"));
}

TEST(MboxParseCacheTest, ChunkSumsFollowWritesAndGrowth)
{
    std::string data(kSumChunk * 2 + 1000, 'a');
    for (std::size_t i = 0; i < data.size(); i += 7) {
        data[i] = static_cast<char>('a' + i % 23);
    }
    const auto sums_of = [](const std::string& d) {
        std::vector<std::uint64_t> s;
        for (std::size_t off = 0; off < d.size(); off += kSumChunk) {
            s.push_back(chunk_sum(std::string_view(d).substr(off, kSumChunk), off));
        }
        return s;
    };
    std::vector<std::uint64_t> sums = sums_of(data);
    // In place, across a chunk boundary.
    const std::size_t at = kSumChunk - 3;
    const std::size_t begin = at & ~std::size_t{7};
    std::string changed = data;
    changed.replace(at, 10, "0123456789");
    update_chunk_sums(sums, begin, std::string_view(data).substr(begin, 24),
                      std::string_view(changed).substr(begin, 24));
    EXPECT_EQ(sums, sums_of(changed));
    EXPECT_NE(sums, sums_of(data));
    // Growth from an unaligned end into a new chunk.
    std::string grown = changed + std::string(kSumChunk, 'z');
    const std::size_t end_word = changed.size() & ~std::size_t{7};
    update_chunk_sums(sums, end_word, std::string_view(changed).substr(end_word),
                      std::string_view(grown).substr(end_word));
    EXPECT_EQ(sums, sums_of(grown));
    EXPECT_EQ(sums.size(), chunk_count(grown.size()));
}

TEST_F(MboxLoadTest, UnchangedFileIsNotReadAgain)
{
    write_text(inbox_, postfix_message("one", "1", "Status: RO\n") + postfix_message("two", "2"));
    LoadKind kind = LoadKind::None;
    std::vector<Seen> first;
    {
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::Full);
        first = view_of(*box);
    }
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].flags, Flags(Flag::Seen).bits());
    {
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::Saved);
        EXPECT_EQ(view_of(*box), first);
    }
    // Proof that the file was not read: a same-size change whose mtime is put back (what no
    // real writer does) is not seen.
    const struct timespec t = mtime_of(inbox_);
    std::string file = read_text(inbox_);
    const auto status = file.find("Status: RO");
    ASSERT_NE(status, std::string::npos);
    file.replace(status, 10, "Status: O ");
    rewrite_in_place(inbox_, file);
    set_mtime(inbox_, t);
    auto box = open(&kind);
    EXPECT_EQ(kind, LoadKind::Saved);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Seen));
}

// A same-size write with a new mtime, as another program's in-place change leaves it.
void change_in_place(const std::string& path, const std::string& from, const std::string& to)
{
    std::string file = read_text(path);
    const auto at = file.find(from);
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(from.size(), to.size());
    file.replace(at, from.size(), to);
    rewrite_in_place(path, file);
    struct timespec t = mtime_of(path);
    t.tv_nsec = (t.tv_nsec + 1) % 1000000000;  // a different mtime even on a coarse clock
    set_mtime(path, t);
}

TEST_F(MboxLoadTest, SameSizeChangeOfStatusOnlyRereadsStatusElseEverything)
{
    write_text(inbox_, postfix_message("one", "1", "Status: RO\n") + postfix_message("two", "2"));
    {
        open();
    }
    // Another session or program clears \Seen in place: only the status headers are read.
    change_in_place(inbox_, "Status: RO", "Status: O ");
    LoadKind kind = LoadKind::None;
    {
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::StatusOnly);
        EXPECT_FALSE(box->message(1).flags.has(Flag::Seen));
        EXPECT_EQ(view_of(*box), full_parse_of(read_text(inbox_)));
    }
    // The same in a session that has the file open.
    auto box = open(&kind);
    change_in_place(inbox_, "X-Status: \nX-Keywords: ", "X-Status: F\nX-Keywords:");
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(kind_of(*box), LoadKind::StatusOnly);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Flagged));
    // Anything else changed (a header, same size): everything is parsed again.
    change_in_place(inbox_, "Subject: one", "Subject: uno");
    ASSERT_TRUE(box->sync());
    EXPECT_EQ(kind_of(*box), LoadKind::Full);
    box.reset();
    change_in_place(inbox_, "Subject: two", "Subject: dos");
    auto again = open(&kind);
    EXPECT_EQ(kind, LoadKind::Full);
    EXPECT_EQ(*again->read_message(again->message(2).uid),
              "Return-Path: <sender@example.org>\nSubject: dos\n\n2\n");
    EXPECT_EQ(view_of(*again), full_parse_of(read_text(inbox_)));
}

TEST_F(MboxLoadTest, UnsettledSavedParseIsCheckedAgainstTheBytes)
{
    write_text(inbox_, postfix_message("one", "1", "Status: RO\n") + postfix_message("two", "2"));
    {
        open();
    }
    // A saved parse taken in the same tick as the file's mtime could miss a write in that
    // tick: it is used only after the file's bytes match its chunk sums and its status
    // headers are read again.
    const auto make_unsettled = [&] {
        auto saved = decode_mbox_parse(read_text(saved_path()), inbox_);
        ASSERT_TRUE(saved);
        saved->taken_ns = saved->identity.mtime_ns + 1;
        write_text(saved_path(), encode_mbox_parse(*saved, inbox_));
    };
    // A write in the same tick, same size, changing flags / a header.
    const auto write_in_tick = [&](const std::string& from, const std::string& to) {
        const struct timespec t = mtime_of(inbox_);
        std::string file = read_text(inbox_);
        file.replace(file.find(from), from.size(), to);
        rewrite_in_place(inbox_, file);
        set_mtime(inbox_, t);
    };
    make_unsettled();
    LoadKind kind = LoadKind::None;
    {
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::SavedChecked);
        EXPECT_TRUE(box->message(1).flags.has(Flag::Seen));
    }
    make_unsettled();
    write_in_tick("Status: RO", "Status: O ");
    {
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::SavedChecked);
        EXPECT_FALSE(box->message(1).flags.has(Flag::Seen));
    }
    make_unsettled();
    write_in_tick("Subject: one", "Subject: uno");
    auto box = open(&kind);
    EXPECT_EQ(kind, LoadKind::Full);
    EXPECT_EQ(view_of(*box), full_parse_of(read_text(inbox_)));
}

TEST_F(MboxLoadTest, AppendedByOthersIsParsedFromTheTailWithTheSameResult)
{
    write_text(inbox_, postfix_message("one", "1") + postfix_message("two", "2", "Status: RO\n"));
    {
        open();
    }
    const std::string before = read_text(inbox_);
    // Postfix delivers; mutt appends one with its own X-UID (above the last UID: not valid)
    // and keywords; another one carries a valid-looking but too high X-UID.
    const std::string more = postfix_message("three", "3\nFrom the body\n") +
                             postfix_message("four", "4", "X-UID: 77\nX-Keywords: $Work\n") +
                             postfix_message("five", "5", "Status: O\nX-Status: F\n");
    const std::vector<Seen> expected = full_parse_of(before + more);
    append_raw(inbox_, more);
    LoadKind kind = LoadKind::None;
    auto box = open(&kind);
    EXPECT_EQ(kind, LoadKind::Grown);
    EXPECT_EQ(view_of(*box), expected);
    ASSERT_EQ(box->count(), 5u);
    EXPECT_EQ(box->message(5).uid, 5u);
    EXPECT_TRUE(box->message(5).flags.has(Flag::Flagged));
    EXPECT_EQ(box->uidnext(), 6u);
}

TEST_F(MboxLoadTest, GrowthAfterAnInPlaceChangeSeesTheChange)
{
    write_text(inbox_, postfix_message("one", "1", "Status: RO\n") + postfix_message("two", "2"));
    {
        open();
    }
    // Another Roost or Dovecot session writes a flag in place, then Postfix delivers: the
    // size only grew, but a status header of the old part changed.
    std::string file = read_text(inbox_);
    file.replace(file.find("Status: RO"), 10, "Status: O ");
    rewrite_in_place(inbox_, file);
    append_raw(inbox_, postfix_message("three", "3"));
    LoadKind kind = LoadKind::None;
    {
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::Grown);
        EXPECT_FALSE(box->message(1).flags.has(Flag::Seen));
        EXPECT_EQ(box->count(), 3u);
        EXPECT_EQ(view_of(*box), full_parse_of(read_text(inbox_)));
    }
    // Any other change of the old part (mutt rewrote a header) makes it a whole parse.
    file = read_text(inbox_);
    file.replace(file.find("Subject: one"), 12, "Subject: uno");
    rewrite_in_place(inbox_, file);
    append_raw(inbox_, postfix_message("four", "4"));
    auto box = open(&kind);
    EXPECT_EQ(kind, LoadKind::Full);
    EXPECT_EQ(box->count(), 4u);
    EXPECT_EQ(view_of(*box), full_parse_of(read_text(inbox_)));
}

TEST_F(MboxLoadTest, SessionSeesInPlaceChangeAndAppendOfAnotherSession)
{
    write_text(inbox_, postfix_message("one", "1") + postfix_message("two", "2"));
    auto watcher = open();
    auto st = storage(inbox_);
    auto other = st->open_mailbox("INBOX", OpenOptions{});
    ASSERT_TRUE(other);
    ASSERT_TRUE((*other)->store({1}, StoreMode::Add, Flag::Flagged, {}));
    AppendRequest r;
    r.data = "Subject: appended\n\nhello\n";
    r.internal_date = 1795337009;
    ASSERT_TRUE((*other)->append(r));
    append_raw(inbox_, postfix_message("three", "3"));
    auto synced = watcher->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->exists, 4u);
    EXPECT_TRUE(watcher->message(1).flags.has(Flag::Flagged));
    ASSERT_TRUE((*other)->sync());
    EXPECT_EQ(view_of(*watcher), view_of(**other));
    // Appends alone (ours, then Postfix's) are followed from the tail.
    ASSERT_TRUE((*other)->append(r));
    append_raw(inbox_, postfix_message("four", "4"));
    synced = watcher->sync();
    ASSERT_TRUE(synced);
    EXPECT_EQ(kind_of(*watcher), LoadKind::Grown);
    ASSERT_TRUE((*other)->sync());
    EXPECT_EQ(view_of(*watcher), view_of(**other));
    EXPECT_EQ(watcher->count(), 6u);
}

TEST_F(MboxLoadTest, ShrunkFileIsParsedWhole)
{
    write_text(inbox_, postfix_message("one", "1") + postfix_message("two", "2") +
                           postfix_message("three", "3"));
    {
        open();
    }
    // mutt deletes the last message in place.
    std::string file = read_text(inbox_);
    file.erase(file.rfind("From sender"));
    rewrite_in_place(inbox_, file);
    LoadKind kind = LoadKind::None;
    auto box = open(&kind);
    EXPECT_EQ(kind, LoadKind::Full);
    EXPECT_EQ(box->count(), 2u);
    EXPECT_EQ(box->message(2).uid, 2u);
}

TEST_F(MboxLoadTest, FileReplacedByRenameIsParsedWhole)
{
    write_text(inbox_, postfix_message("one", "1") + postfix_message("two", "2"));
    {
        open();
    }
    // Another program writes a longer copy and renames it over: the old content plus one,
    // with a changed flag in the old part.
    std::string file = read_text(inbox_);
    file.replace(file.find("Status: O"), 9, "Status: R");
    file += postfix_message("three", "3");
    write_text(inbox_ + ".new", file);
    ASSERT_EQ(::rename((inbox_ + ".new").c_str(), inbox_.c_str()), 0);
    LoadKind kind = LoadKind::None;
    auto box = open(&kind);
    EXPECT_EQ(kind, LoadKind::Full);
    EXPECT_EQ(box->count(), 3u);
    EXPECT_TRUE(box->message(1).flags.has(Flag::Seen));
}

TEST_F(MboxLoadTest, DamagedSavedParseIsIgnoredAndWrittenAgain)
{
    write_text(inbox_, postfix_message("one", "1") + postfix_message("two", "2"));
    std::vector<Seen> first;
    {
        auto box = open();
        first = view_of(*box);
    }
    const std::string good = read_text(saved_path());
    ASSERT_TRUE(decode_mbox_parse(good, inbox_));
    for (const std::string& bad :
         {good.substr(0, good.size() / 2), std::string(), std::string("garbage"),
          good.substr(0, 20) + "x" + good.substr(21)}) {
        write_text(saved_path(), bad);
        LoadKind kind = LoadKind::None;
        auto box = open(&kind);
        EXPECT_EQ(kind, LoadKind::Full);
        EXPECT_EQ(view_of(*box), first);
        EXPECT_TRUE(decode_mbox_parse(read_text(saved_path()), inbox_));
    }
}

TEST_F(MboxLoadTest, NothingIsSavedWithTheIndexInMemory)
{
    write_text(inbox_, postfix_message("one", "1"));
    StorageSettings s;
    s.mail_location = "mbox:" + dir_.path() + "/mail:INBOX=" + inbox_ + ":INDEX=MEMORY";
    s.variables = {"tester", dir_.path()};
    s.fsync = false;
    auto st = open_storage(s);
    ASSERT_TRUE(st);
    auto box = (*st)->open_mailbox("INBOX", OpenOptions{});
    ASSERT_TRUE(box);
    EXPECT_EQ((*box)->count(), 1u);
    EXPECT_FALSE(std::filesystem::exists(saved_path()));
}

}  // namespace
}  // namespace roost::storage::mbox
