// QRESYNC (RFC 7162 section 3.2): which UIDs a client knew that are gone. The session side
// (SELECT / EXAMINE (QRESYNC ...), VANISHED instead of EXPUNGE, UID FETCH (CHANGEDSINCE n
// VANISHED) and the tagged [HIGHESTMODSEQ]) is in qresync.cpp as Session members.
#pragma once

#include <cstdint>
#include <vector>

#include "imap/proto/sequence_set.hpp"

namespace roost::imap {

// The UIDs in `wanted` (resolved ranges: ascending, disjoint, first <= last) from 1 to
// `last_uid` that are not in `present` (the UIDs of the mailbox view, ascending), joined into
// ranges for VANISHED. Roost's storage keeps no record of expunged UIDs, so "gone" is every
// UID given out (below UIDNEXT) and no longer there: RFC 7162 3.2.5.1 allows reporting more
// than the client needs (Dovecot does the same without expunge records).
proto::SequenceSet missing_uids(const std::vector<proto::SequenceSet::Range>& wanted,
                                std::uint32_t last_uid, const std::vector<std::uint32_t>& present);

}  // namespace roost::imap
