// Parsing of option values into numbers and choices, with one-line usage errors that name the
// option and the accepted values. Pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.h"
#include "util/result.h"

namespace dsasr::cli {

// A whole decimal number in [min, max]. `option` is how the error names it ("--jobs").
util::Result<long> parse_integer(std::string_view option, std::string_view text, long min,
                                 long max);

// A finite decimal number in [min, max].
util::Result<double> parse_number(std::string_view option, std::string_view text, double min,
                                  double max);

// A finite decimal number greater than zero and at most max.
util::Result<double> parse_positive(std::string_view option, std::string_view text, double max);

// One of `choices`, exactly; returns its index.
util::Result<std::size_t> parse_choice(std::string_view option, std::string_view text,
                                       std::initializer_list<std::string_view> choices);

// An output format's name as -f takes it: "text", "jsonl", "srt", "vtt".
std::string_view output_format_name(OutputFormat format);

// A usage error (exit status 2) with this message.
util::Error usage_error(std::string message, std::string hint = {});

// The candidate nearest to `text` by edit distance when it is at most `max_distance` edits
// away (for "did you mean ...?"), or "".
std::string closest_match(std::string_view text, const std::vector<std::string_view>& candidates,
                          std::size_t max_distance = 2);

// The "a, b or c" rendering of a list, for messages.
std::string join_or(std::initializer_list<std::string_view> items);

}  // namespace dsasr::cli
