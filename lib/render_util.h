// Escaping shared by the report renderers (assessment, SoA, readiness) and
// the command line.
#ifndef ISMS_LIB_RENDER_UTIL_H_
#define ISMS_LIB_RENDER_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace isms::internal {

// Text safe inside HTML elements and quoted attributes.
std::string HtmlEscape(absl::string_view s);

// Register text as literal Markdown in a table cell: no emphasis, links, HTML
// or cell breaks; line breaks and tabs become spaces.
std::string MarkdownEscape(absl::string_view s);

// RFC 4180: a field holding a comma, quote or line break is quoted, quotes
// doubled.
std::string CsvField(absl::string_view s);

// Fields joined by commas, each quoted as needed, ending in "\n".
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace isms::internal

#endif  // ISMS_LIB_RENDER_UTIL_H_
