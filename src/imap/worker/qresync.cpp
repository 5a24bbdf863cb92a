// QRESYNC (RFC 7162 section 3.2) as Dovecot 2.3 answers it: the resynchronisation of
// SELECT / EXAMINE (QRESYNC (uidvalidity modseq [known-uids [seq-match]])), VANISHED
// (EARLIER) for UID FETCH (CHANGEDSINCE n VANISHED), VANISHED in place of EXPUNGE once the
// client enabled QRESYNC, and the HIGHESTMODSEQ a client cannot know from what it was shown.
#include "imap/worker/qresync.hpp"

#include <algorithm>
#include <optional>

#include "imap/proto/response_data.hpp"
#include "imap/worker/session.hpp"

namespace roost::imap {
namespace {

using Range = proto::SequenceSet::Range;

std::vector<std::uint32_t> present_uids(const storage::Mailbox& box)
{
    std::vector<std::uint32_t> uids;
    uids.reserve(box.count());
    for (std::uint32_t seq = 1; seq <= box.count(); ++seq) {
        uids.push_back(box.message(seq).uid);
    }
    return uids;
}

// The last UID the mailbox gave out (0 when none).
std::uint32_t last_given_uid(const storage::Mailbox& box)
{
    return box.uidnext() > 0 ? box.uidnext() - 1 : 0;
}

// Walks ascending UIDs through ascending ranges: whether each lies in one of them.
class RangeCursor {
public:
    explicit RangeCursor(const std::vector<Range>& ranges) : ranges_(ranges) {}
    bool contains(std::uint32_t uid)
    {
        while (next_ < ranges_.size() && ranges_[next_].last < uid) {
            ++next_;
        }
        return next_ < ranges_.size() && ranges_[next_].first <= uid;
    }

private:
    const std::vector<Range>& ranges_;
    std::size_t next_ = 0;
};

// The mailbox's HIGHESTMODSEQ once QRESYNC is enabled, when the client cannot know it from
// the MODSEQs it was shown: after expunges (which raise it without a FETCH), other sessions'
// changes it does not see, or its own expunges (as RFC 7162's EXPUNGE examples show). Dovecot 2.3
// sends it in the same cases.
std::optional<proto::ResponseCode> unseen_highest(bool qresync, const storage::Mailbox* box,
                                                  std::uint64_t& shown)
{
    if (!qresync || box == nullptr || box->highest_modseq() <= shown) {
        return std::nullopt;
    }
    shown = box->highest_modseq();
    return proto::ResponseCode::with_number(proto::ResponseCode::Kind::HighestModSeq, shown);
}

}  // namespace

proto::SequenceSet missing_uids(const std::vector<Range>& wanted, std::uint32_t last_uid,
                                const std::vector<std::uint32_t>& present)
{
    proto::SequenceSet out;
    auto p = present.begin();
    for (const Range& r : wanted) {
        if (r.first > last_uid) {
            break;
        }
        const std::uint32_t last = std::min(r.last, last_uid);
        std::uint32_t from = r.first;  // the first UID of [r.first, last] not yet looked at
        p = std::lower_bound(p, present.end(), from);
        for (; p != present.end() && *p <= last; ++p) {
            if (*p > from) {
                out.add(from, *p - 1);
            }
            from = *p + 1;
        }
        if (from <= last && from != 0) {  // from wraps to 0 only past UID 2^32-1
            out.add(from, last);
        }
    }
    return out;
}

void Session::qresync_selected(const std::optional<proto::QresyncParams>& params)
{
    shown_modseq_ = box_->highest_modseq();  // SELECT has just told it
    // With another UIDVALIDITY the client's UIDs mean nothing: a plain SELECT (RFC 7162 3.2.5.1).
    if (!params || params->uidvalidity != box_->uidvalidity()) {
        return;
    }
    const proto::QresyncParams& q = *params;
    const std::uint32_t last_uid = last_given_uid(*box_);
    const std::vector<Range> known =
        q.known_uids ? q.known_uids->resolve(last_uid) : std::vector<Range>{{1, last_uid}};
    // The seq-match data only narrows what a server with expunge records would report; all
    // vanished UIDs are reported here anyway, so it is not needed.
    const proto::SequenceSet vanished = missing_uids(known, last_uid, present_uids(*box_));
    if (!vanished.empty()) {
        proto::VanishedData{true, vanished}.append_to(out());
    }
    RangeCursor in_known(known);
    for (std::uint32_t seq = 1; seq <= box_->count(); ++seq) {
        const storage::MessageInfo& m = box_->message(seq);
        if (m.modseq > q.modseq && in_known.contains(m.uid)) {
            proto::FetchResponse fr(seq);
            fr.add_number("UID", m.uid);
            fr.add_flags(message_flags(seq));
            fr.add_modseq(m.modseq);
            shown_modseq(m.modseq);
            fr.append_to(out());
            conn_.maybe_flush();
        }
    }
}

void Session::send_vanished_earlier(const proto::SequenceSet& set)
{
    const std::uint32_t last_uid = last_given_uid(*box_);
    // '*' is read as the last UID given out, so that the newest messages' expunges count too.
    const std::vector<Range> wanted =
        set.is_saved() ? proto::SequenceSet::from_numbers(saved_uids_).resolve(last_uid)
                       : set.resolve(last_uid);
    const proto::SequenceSet vanished = missing_uids(wanted, last_uid, present_uids(*box_));
    if (!vanished.empty()) {
        proto::VanishedData{true, vanished}.append_to(out());
    }
}

void Session::report_vanished(const std::vector<std::uint32_t>& uids)
{
    proto::VanishedData{false, proto::SequenceSet::from_numbers(uids)}.append_to(out());
}

void Session::add_highest_modseq(Reply& reply)
{
    if (reply.status != proto::Status::Ok) {
        return;
    }
    auto code = unseen_highest(qresync_, box_.get(), shown_modseq_);
    if (!code) {
        return;
    }
    // In the tagged OK unless that has a code of its own already, as Dovecot does.
    if (!reply.code) {
        reply.code = std::move(code);
        return;
    }
    proto::StatusResponse{{}, proto::Status::Ok, std::move(code), "Highest"}.append_to(out());
}

void Session::send_highest_modseq()
{
    if (auto code = unseen_highest(qresync_, box_.get(), shown_modseq_)) {
        proto::StatusResponse{{}, proto::Status::Ok, std::move(*code), "Highest"}.append_to(out());
    }
}

}  // namespace roost::imap
