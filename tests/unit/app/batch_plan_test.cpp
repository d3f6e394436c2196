#include "app/batch_plan.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <set>

namespace dsasr::app {
namespace {

using cli::OutputFormat;

std::vector<PlannedInput> named(const std::vector<std::string>& paths) {
  std::vector<PlannedInput> out;
  for (const std::string& p : paths) out.push_back({p, stem_of(p)});
  return out;
}

std::vector<std::string> paths_of(const std::vector<PlannedInput>& inputs) {
  std::vector<std::string> out;
  for (const PlannedInput& in : inputs) out.push_back(in.path);
  return out;
}

struct TempDir {
  std::string path;
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/dsasr-plan-XXXXXX";
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::string touch(const std::string& rel) const {
    const std::string full = path + "/" + rel;
    std::system(("mkdir -p \"$(dirname '" + full + "')\"").c_str());
    std::ofstream(full) << "x";
    return full;
  }
};

TEST_CASE("stems and extensions", "[batch_plan]") {
  CHECK(stem_of("dir/meeting.final.wav") == "meeting.final");
  CHECK(stem_of("-") == "stdin");
  CHECK(stem_of(".hidden") == ".hidden");
  CHECK(std::string(extension_for(OutputFormat::kJsonl)) == "jsonl");
  CHECK(is_audio_file_name("a/B.WAV"));
  CHECK(is_audio_file_name("x.opus"));
  CHECK(is_audio_file_name("x.aiff"));
  CHECK_FALSE(is_audio_file_name("notes.txt"));
  CHECK_FALSE(is_audio_file_name("wav"));
  CHECK_FALSE(is_audio_file_name("dir/.wav"));
}

TEST_CASE("shards split the sorted list with no overlap and no gap", "[batch_plan]") {
  std::vector<PlannedInput> inputs;
  for (int i = 0; i < 103; ++i) inputs.push_back({"in/" + std::to_string(i) + ".wav", ""});
  for (int n : {1, 2, 3, 7, 103, 200}) {
    std::multiset<std::string> seen;
    for (int k = 1; k <= n; ++k) {
      auto part = select_shard(inputs, cli::Shard{k, n});
      for (const PlannedInput& in : part) seen.insert(in.path);
    }
    INFO("n = " << n);
    CHECK(seen.size() == inputs.size());
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == inputs.size());
  }
  // Positions are in sorted order, whatever order the inputs came in; kept in their order.
  auto shard = select_shard(named({"c.wav", "a.wav", "d.wav", "b.wav"}), cli::Shard{1, 2});
  CHECK(paths_of(shard) == std::vector<std::string>{"c.wav", "a.wav"});
  shard = select_shard(named({"c.wav", "a.wav", "d.wav", "b.wav"}), cli::Shard{2, 2});
  CHECK(paths_of(shard) == std::vector<std::string>{"d.wav", "b.wav"});
}

TEST_CASE("outputs: per format under --output-dir, -o files, or standard output", "[batch_plan]") {
  cli::OutputConfig o;
  o.format = OutputFormat::kJsonl;
  auto plan = plan_outputs(o, {"x/a.wav", "a"});
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].path == "-");
  CHECK(plan[0].format == OutputFormat::kJsonl);
  CHECK_FALSE(plan[0].atomic);

  o.outputs = {{"a.srt", OutputFormat::kSrt}, {"-", OutputFormat::kJsonl}};
  plan = plan_outputs(o, {"x/a.wav", "a"});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].path == "a.srt");
  CHECK_FALSE(plan[0].atomic);  // a single run's -o FILE is written live
  CHECK(plan[1].path == "-");

  o.outputs.clear();
  o.output_dir = "subs/";
  o.dir_formats = {OutputFormat::kSrt, OutputFormat::kVtt};
  plan = plan_outputs(o, {"archive/2024/jan/talk.flac", "2024/jan/talk"});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].path == "subs/2024/jan/talk.srt");
  CHECK(plan[0].atomic);
  CHECK(plan[1].path == "subs/2024/jan/talk.vtt");
  CHECK(plan[1].format == OutputFormat::kVtt);
}

TEST_CASE("duplicate stems are found", "[batch_plan]") {
  CHECK_FALSE(duplicate_stem(named({"a/x.wav", "b/y.wav"})).has_value());
  CHECK(duplicate_stem(named({"a/x.wav", "b/x.flac"})) == std::optional<std::string>("x"));
}

TEST_CASE("inputs: arguments, --from lines, directories walked in order", "[batch_plan]") {
  TempDir dir;
  dir.touch("arch/b/2.wav");
  dir.touch("arch/a/1.FLAC");
  dir.touch("arch/a/notes.txt");
  dir.touch("arch/.hidden/3.wav");
  dir.touch("arch/a/.4.wav.dsasr-part");
  dir.touch("arch/c.mp3");
  const std::string single = dir.touch("single.wav");
  const std::string list = dir.path + "/list.txt";
  std::ofstream(list) << "\n" << single << "\r\n" << dir.path << "/missing.wav\n";

  cli::Config c;
  c.input.paths = {dir.path + "/arch", "-"};
  c.input.from = list;
  auto inputs = expand_inputs(c);
  REQUIRE(inputs.ok());
  CHECK(paths_of(*inputs) ==
        std::vector<std::string>{dir.path + "/arch/a/1.FLAC", dir.path + "/arch/b/2.wav",
                                 dir.path + "/arch/c.mp3", "-", single, dir.path + "/missing.wav"});
  CHECK((*inputs)[0].output_stem == "a/1");
  CHECK((*inputs)[1].output_stem == "b/2");
  CHECK((*inputs)[2].output_stem == "c");
  CHECK((*inputs)[3].output_stem == "stdin");
  CHECK((*inputs)[4].output_stem == "single");

  c.input.shard = cli::Shard{2, 3};
  inputs = expand_inputs(c);
  REQUIRE(inputs.ok());
  REQUIRE(inputs->size() == 2);

  c.input.from = dir.path + "/no-such-list";
  auto missing = expand_inputs(c);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        "--from " + dir.path + "/no-such-list: cannot read it: No such file or directory");
}

TEST_CASE("an output that is an input is refused", "[batch_plan]") {
  TempDir dir;
  const std::string input = dir.touch("v.wav");
  const std::string link = dir.path + "/link.wav";
  REQUIRE(::symlink(input.c_str(), link.c_str()) == 0);
  const std::string hard = dir.path + "/hard.srt";
  REQUIRE(::link(input.c_str(), hard.c_str()) == 0);

  cli::OutputConfig o;
  o.outputs = {{hard, OutputFormat::kSrt}};
  auto st = check_outputs_are_not_inputs(named({link}), o);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == util::ErrorKind::kUsage);
  CHECK(st.error().message == "the output " + hard + " is the input " + link +
                                  "; writing it would overwrite the recording");

  o.outputs = {{dir.path + "/new.srt", OutputFormat::kSrt}};
  CHECK(check_outputs_are_not_inputs(named({link}), o).ok());

  // --output-dir: the input's own directory with a format whose name matches the input.
  const std::string txt_input = dir.touch("out/notes.txt");
  o.outputs.clear();
  o.output_dir = dir.path + "/out";
  o.dir_formats = {OutputFormat::kText};
  st = check_outputs_are_not_inputs(named({txt_input}), o);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("is the input") != std::string::npos);
}

}  // namespace
}  // namespace dsasr::app
