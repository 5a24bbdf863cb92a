// LineReceiver: splitting a byte stream into lines.
#include "core/line_receiver.hpp"

namespace roost {

void LineReceiver::feed(std::string_view bytes)
{
    while (!bytes.empty()) {
        const std::size_t lf = bytes.find('\n');
        const std::string_view chunk = bytes.substr(0, lf);
        if (discarding_) {
            if (lf == std::string_view::npos) {
                return;
            }
            discarding_ = false;
        } else if (partial_.size() + chunk.size() > max_line_ + (strip_cr_ ? 1 : 0)) {
            partial_.clear();
            ready_.push_back(Event{Event::Kind::TooLong, {}});
            discarding_ = lf == std::string_view::npos;
            if (discarding_) {
                return;
            }
        } else {
            partial_.append(chunk);
            if (lf == std::string_view::npos) {
                return;
            }
            if (strip_cr_ && !partial_.empty() && partial_.back() == '\r') {
                partial_.pop_back();
            }
            if (partial_.size() > max_line_) {
                ready_.push_back(Event{Event::Kind::TooLong, {}});
            } else {
                ready_.push_back(Event{Event::Kind::Line, std::move(partial_)});
            }
            partial_.clear();
        }
        bytes.remove_prefix(lf + 1);
    }
}

std::optional<LineReceiver::Event> LineReceiver::next()
{
    if (ready_.empty()) {
        return std::nullopt;
    }
    Event e = std::move(ready_.front());
    ready_.pop_front();
    return e;
}

}  // namespace roost
