// Saving never loses data: whatever goes wrong during a save (a kill between
// two of its steps, a full disk, a failing system call), the previous file is
// intact and loadable, and a later save works; concurrent saves to one path,
// from threads or processes, never leave a mix of two versions.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "isms/io.h"
#include "lib/io_internal.h"

namespace {

namespace fs = std::filesystem;
using isms::internal::SaveStep;
using ::testing::HasSubstr;

// --- Versions that show whether a file holds all of one
// -----------------------

// `name` repeated to `size` bytes.
std::string Filler(const std::string& name, size_t size) {
  std::string out;
  while (out.size() < size) absl::StrAppend(&out, name, "|");
  out.resize(size);
  return out;
}

// A register whose description repeats its name to `size` bytes, so that a
// cut copy (bad JSON) or bytes of two versions mixed are told apart from a
// complete one.
isms::v1::Register Version(const std::string& name, size_t size) {
  isms::v1::Register reg;
  reg.mutable_organization()->set_name(name);
  reg.mutable_organization()->set_description(Filler(name, size));
  return reg;
}

// The name of the version `bytes` hold, or "" when they are not exactly one
// complete version.
std::string CompleteVersion(const std::string& bytes) {
  isms::ReadOptions json;
  json.format = isms::Format::kJson;
  absl::StatusOr<isms::v1::Register> reg =
      isms::ParseRegister(bytes, json, "read");
  if (!reg.ok()) return "";
  const isms::v1::Organization& org = reg->organization();
  if (org.name().empty() ||
      org.description() != Filler(org.name(), org.description().size())) {
    return "";
  }
  return org.name();
}

// --- Child processes
// -----------------------------------------------------------

struct ChildResult {
  int signal = 0;     // the signal that ended it, or 0
  int exit_code = 0;  // when it exited
  std::string report;
};

// Runs `body` in a child process, which exits with 0 when `body` returns ""
// and 1 otherwise; `report` is what it returned. The parent's threads do not
// exist in the child, so call this while the test has no other threads.
ChildResult RunInChild(const std::function<std::string()>& body) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return {0, -1, "pipe failed"};
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    const std::string report = body();
    if (!report.empty()) {
      (void)!::write(pipe_fds[1], report.data(), report.size());
    }
    ::_exit(report.empty() ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  ChildResult result;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    result.report.append(buffer, n);
  }
  ::close(pipe_fds[0]);
  int status = 0;
  if (child < 0 || ::waitpid(child, &status, 0) != child) {
    return {0, -1, "fork or waitpid failed"};
  }
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// --- Fault hooks
// -------------------------------------------------------------------

// What the hooks act on; set before the save (or the fork).
SaveStep fault_step = SaveStep::kWrite;
int fault_errno = 0;

int KillAtFaultStep(SaveStep step, const char*) {
  if (step == fault_step) ::raise(SIGKILL);
  return 0;
}

int FailAtFaultStep(SaveStep step, const char*) {
  return step == fault_step ? fault_errno : 0;
}

constexpr SaveStep kStepsBeforeRename[] = {SaveStep::kWrite, SaveStep::kSync,
                                           SaveStep::kClose, SaveStep::kRename};

const char* StepName(SaveStep step) {
  switch (step) {
    case SaveStep::kWrite:
      return "write";
    case SaveStep::kSync:
      return "sync";
    case SaveStep::kClose:
      return "close";
    case SaveStep::kRename:
      return "rename";
    case SaveStep::kSyncFolder:
      return "sync folder";
  }
  return "?";
}

// --- The fixture
// -------------------------------------------------------------------

class SaveFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat(
               "isms_save_fault_test_", ::getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "r.json";
  }
  void TearDown() override {
    isms::internal::SetSaveFaultHookForTesting(nullptr);
    fs::remove_all(dir_);
  }

  std::string Bytes() const {
    absl::StatusOr<std::string> bytes = isms::ReadFile(path_, 1 << 30);
    return bytes.ok() ? *bytes : "";
  }

  // Temporary files next to the target (".r.json.tmp.PID.N").
  std::vector<fs::path> TempFiles() const {
    std::vector<fs::path> temps;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (absl::StartsWith(e.path().filename().string(), ".r.json.tmp.")) {
        temps.push_back(e.path());
      }
    }
    return temps;
  }

  // Saves `name` and returns the bytes written.
  std::string SaveVersion(const std::string& name, size_t size) {
    absl::Status st = isms::SaveRegister(Version(name, size), path_);
    EXPECT_TRUE(st.ok()) << st;
    return Bytes();
  }

  fs::path dir_;
  std::string path_;
};

// A kill after each step before the rename (temporary file created, written,
// flushed, closed) leaves the previous file byte for byte, loadable, and the
// temporary file behind (io.h: never read, never reused, safe to delete); a
// later save works and leaves that file alone.
TEST_F(SaveFaultTest, KillBeforeRenameKeepsThePreviousFile) {
  const size_t kNewSize = 256 << 10;
  for (SaveStep step : kStepsBeforeRename) {
    SCOPED_TRACE(StepName(step));
    const std::string previous = SaveVersion("previous", 64 << 10);
    fault_step = step;
    ChildResult child = RunInChild([&] {
      isms::internal::SetSaveFaultHookForTesting(KillAtFaultStep);
      absl::Status st = isms::SaveRegister(Version("new", kNewSize), path_);
      return absl::StrCat("the save was not killed: ", st.ToString());
    });
    EXPECT_EQ(child.signal, SIGKILL) << child.report;

    EXPECT_EQ(Bytes(), previous);
    absl::StatusOr<isms::v1::Register> loaded = isms::LoadRegister(path_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->organization().name(), "previous");

    std::vector<fs::path> temps = TempFiles();
    ASSERT_EQ(temps.size(), 1u);
    const uintmax_t stale_size = fs::file_size(temps[0]);
    if (step == SaveStep::kWrite) {
      EXPECT_EQ(stale_size, 0u);
    } else {
      EXPECT_GT(stale_size, kNewSize);  // all written, never renamed
    }

    const std::string later = SaveVersion("later", 1 << 10);
    EXPECT_EQ(CompleteVersion(later), "later");
    EXPECT_EQ(TempFiles(), temps);
    EXPECT_EQ(fs::file_size(temps[0]), stale_size);
    fs::remove(temps[0]);
  }
}

// A kill after the rename leaves the new file, complete, and nothing else.
TEST_F(SaveFaultTest, KillAfterRenameLeavesTheNewFile) {
  SaveVersion("previous", 64 << 10);
  fault_step = SaveStep::kSyncFolder;
  ChildResult child = RunInChild([&] {
    isms::internal::SetSaveFaultHookForTesting(KillAtFaultStep);
    absl::Status st = isms::SaveRegister(Version("new", 256 << 10), path_);
    return absl::StrCat("the save was not killed: ", st.ToString());
  });
  EXPECT_EQ(child.signal, SIGKILL) << child.report;
  EXPECT_EQ(CompleteVersion(Bytes()), "new");
  EXPECT_TRUE(TempFiles().empty());
}

// Each step failing as a full disk or an I/O error would make it fail: a
// clear error naming the file and the step, the previous file intact, no
// temporary file left.
TEST_F(SaveFaultTest, FailingStepsKeepThePreviousFile) {
  const struct {
    SaveStep step;
    int error;
    absl::StatusCode code;
    const char* what;
  } kFaults[] = {
      {SaveStep::kWrite, ENOSPC, absl::StatusCode::kResourceExhausted,
       "cannot write"},
      {SaveStep::kSync, EIO, absl::StatusCode::kUnavailable,
       "cannot flush to disk"},
      {SaveStep::kClose, EDQUOT, absl::StatusCode::kResourceExhausted,
       "cannot close"},
      {SaveStep::kRename, ENOSPC, absl::StatusCode::kResourceExhausted,
       "cannot replace"},
  };
  const std::string previous = SaveVersion("previous", 64 << 10);
  isms::internal::SetSaveFaultHookForTesting(FailAtFaultStep);
  for (const auto& fault : kFaults) {
    SCOPED_TRACE(StepName(fault.step));
    fault_step = fault.step;
    fault_errno = fault.error;
    absl::Status st = isms::SaveRegister(Version("new", 256 << 10), path_);
    EXPECT_EQ(st.code(), fault.code) << st;
    EXPECT_THAT(std::string(st.message()),
                HasSubstr(absl::StrCat(path_, ": ", fault.what, ": ",
                                       std::strerror(fault.error))));
    EXPECT_EQ(Bytes(), previous);
    EXPECT_TRUE(TempFiles().empty());
  }
  // The folder's flush comes after the rename: the new file is in place, so
  // its failure is not the save's.
  fault_step = SaveStep::kSyncFolder;
  fault_errno = EIO;
  EXPECT_TRUE(isms::SaveRegister(Version("new", 1 << 10), path_).ok());
  EXPECT_EQ(CompleteVersion(Bytes()), "new");
  isms::internal::SetSaveFaultHookForTesting(nullptr);
  EXPECT_EQ(CompleteVersion(SaveVersion("after", 1 << 10)), "after");
}

// A real full disk: a 256 KiB tmpfs, filled to several levels so that the
// save runs out of space at different points of its write (from the first
// byte to near the end). Runs in a child with its own mount namespace, so the
// mount never outlives it; skipped where mounting is not allowed.
TEST_F(SaveFaultTest, FullDiskKeepsThePreviousFile) {
  ChildResult child = RunInChild([&]() -> std::string {
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=256k") != 0) {
      return absl::StrCat("skip: cannot mount a tmpfs: ", std::strerror(errno));
    }
    std::string problems;
    const std::string previous = SaveVersion("previous", 8 << 10);
    if (CompleteVersion(previous) != "previous") return "no previous file";
    const std::string filler_path = dir_ / "filler";
    // Free space left before the save; -1: none at all.
    for (int free_kib : {200, 128, 64, 16, -1}) {
      {
        const int fd = ::open(filler_path.c_str(), O_WRONLY | O_CREAT, 0600);
        const std::string block(1024, 'f');
        // Fill to the brim, then give back `free_kib`.
        while (::write(fd, block.data(), block.size()) > 0) {
        }
        ::close(fd);
        if (free_kib > 0) {
          fs::resize_file(filler_path,
                          fs::file_size(filler_path) - free_kib * 1024);
        }
      }
      absl::Status st = isms::SaveRegister(Version("huge", 300 << 10), path_);
      const std::string label = absl::StrCat(free_kib, " KiB free: ");
      if (st.code() != absl::StatusCode::kResourceExhausted ||
          !absl::StrContains(st.message(), "No space left on device")) {
        absl::StrAppend(&problems, label, "unexpected status ", st.ToString(),
                        "\n");
      }
      if (Bytes() != previous) {
        absl::StrAppend(&problems, label, "the previous file changed\n");
      }
      if (!TempFiles().empty()) {
        absl::StrAppend(&problems, label, "a temporary file was left\n");
      }
      fs::remove(filler_path);
    }
    if (CompleteVersion(SaveVersion("fits", 100 << 10)) != "fits") {
      absl::StrAppend(&problems, "a save that fits failed afterwards\n");
    }
    return problems;
  });
  if (absl::StartsWith(child.report, "skip:")) GTEST_SKIP() << child.report;
  EXPECT_EQ(child.signal, 0);
  EXPECT_EQ(child.exit_code, 0) << child.report;
}

// Kills at random moments of a loop of saves: every time, the file is one
// complete version.
TEST_F(SaveFaultTest, RandomKillsLeaveOneCompleteVersion) {
  SaveVersion("v0", 64 << 10);
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (int i = 0;; ++i) {
        (void)isms::SaveRegister(
            Version(absl::StrCat("round", round, "-", i), 512 << 10), path_);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng() % 30));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    const std::string version = CompleteVersion(Bytes());
    EXPECT_FALSE(version.empty()) << "round " << round;
    for (const fs::path& temp : TempFiles()) fs::remove(temp);
  }
}

// Threads saving distinct versions to one path while another reads it: every
// read is one complete version, and no temporary file is left.
TEST_F(SaveFaultTest, ConcurrentSavesFromThreadsNeverInterleave) {
  constexpr int kWriters = 4, kSaves = 20;
  SaveVersion("initial", 1 << 10);
  std::atomic<int> writers_left{kWriters};
  std::atomic<int> failed_saves{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kSaves; ++i) {
        failed_saves +=
            !isms::SaveRegister(
                 Version(absl::StrCat("w", w, "-", i), 128 << 10), path_)
                 .ok();
      }
      --writers_left;
    });
  }
  int reads = 0, incomplete = 0;
  while (writers_left > 0) {
    ++reads;
    incomplete += CompleteVersion(Bytes()).empty();
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failed_saves, 0);
  EXPECT_EQ(incomplete, 0) << "of " << reads << " reads";
  EXPECT_GT(reads, 0);
  EXPECT_THAT(CompleteVersion(Bytes()),
              testing::MatchesRegex(absl::StrCat("w[0-9]-", kSaves - 1)));
  EXPECT_TRUE(TempFiles().empty());
}

// The same from processes.
TEST_F(SaveFaultTest, ConcurrentSavesFromProcessesNeverInterleave) {
  constexpr int kWriters = 3, kSaves = 20;
  SaveVersion("initial", 1 << 10);
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int failed = 0;
      for (int i = 0; i < kSaves; ++i) {
        failed += !isms::SaveRegister(
                       Version(absl::StrCat("p", w, "-", i), 128 << 10), path_)
                       .ok();
      }
      ::_exit(failed == 0 ? 0 : 1);
    }
    children.push_back(child);
  }
  int reads = 0, incomplete = 0, running = kWriters;
  while (running > 0) {
    ++reads;
    incomplete += CompleteVersion(Bytes()).empty();
    for (pid_t& child : children) {
      int status = 0;
      if (child > 0 && ::waitpid(child, &status, WNOHANG) == child) {
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        child = 0;
        --running;
      }
    }
  }
  EXPECT_EQ(incomplete, 0) << "of " << reads << " reads";
  EXPECT_THAT(CompleteVersion(Bytes()),
              testing::MatchesRegex(absl::StrCat("p[0-9]-", kSaves - 1)));
  EXPECT_TRUE(TempFiles().empty());
}

}  // namespace
