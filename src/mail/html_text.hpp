// HTML to plain text for previews and text search: tags become spaces; comments, <script>,
// <style> and <blockquote> (quoted replies) are dropped; character references are decoded.
#pragma once

#include <string>
#include <string_view>

namespace roost::mail {

// UTF-8 text of an HTML document or fragment (which must already be UTF-8).
std::string html_to_text(std::string_view html);

// The code point of a named character reference ("amp" -> '&'), 0 when unknown. Names are
// case-sensitive, as in HTML.
char32_t html_entity(std::string_view name);

}  // namespace roost::mail
