// `dsasr models`: the model table as text for people and as JSON for scripts. Pure functions.
#pragma once

#include <string>

namespace dsasr::cli {

// One block per model: name, family and alias, summary, sample rates, languages (abbreviated
// when long), features, request-rate limit, regions.
std::string models_text();

// A JSON array with one object per model and every language in full; ends with a newline.
std::string models_json();

}  // namespace dsasr::cli
