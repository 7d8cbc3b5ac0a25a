#include <sys/wait.h>
#include <unistd.h>

#if MZR_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>

#include <cstdint>
#endif

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "compiler/base/file_system.h"
#include "compiler/driver/driver.h"

namespace {

#if MZR_MIMALLOC
// Puts the main thread's heap in memory advised for transparent huge pages. Checking a large
// rule file touches tens of megabytes of fresh heap, and with 4 KiB pages the kernel's page
// faults cost a tenth to a fifth of the run; with 2 MiB pages (where the kernel offers them:
// Debian's default is "madvise") they nearly vanish. The price: where free memory is
// fragmented, the kernel may compact it to find a huge page, which can make a run slower.
// The range is reserved, not committed: only touched pages are backed. mimalloc serves the heap
// from it alone, so it is made far larger than any bounded input needs. If anything fails, the
// default heap stays.
void use_huge_page_heap() {
  constexpr size_t kSize = size_t{64} << 30;
  constexpr size_t kAlign = size_t{64} << 20;  // a multiple of mimalloc's segment alignment
  void* raw = mmap(nullptr, kSize + kAlign, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (raw == MAP_FAILED) return;
  auto aligned = (reinterpret_cast<uintptr_t>(raw) + kAlign - 1) & ~(kAlign - 1);
  void* start = reinterpret_cast<void*>(aligned);
  madvise(start, kSize, MADV_HUGEPAGE);  // advice: without it the pages are ordinary ones
  mi_arena_id_t arena = 0;
  if (!mi_manage_os_memory_ex(start, kSize, true, false, true, -1, true, &arena)) {
    munmap(raw, kSize + kAlign);
    return;
  }
  if (mi_heap_t* heap = mi_heap_new_in_arena(arena)) mi_heap_set_default(heap);
}
#endif

// Runs `command` with /bin/sh, its standard output read into `output`; its exit status.
int run_shell(const std::string& command, std::string& output) {
  output.clear();
  std::cout.flush();
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

int main(int argc, char** argv) {
#if MZR_MIMALLOC
  use_huge_page_heap();
#endif
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  mzr::RealFileSystem fs(".");
  mzr::driver::Environment env{fs, std::cin, std::cout, std::cerr, isatty(1) == 1, isatty(2) == 1,
                               {}};
  if (const char* v = std::getenv("NO_COLOR"); v && *v) env.vars["NO_COLOR"] = v;
  env.shell = run_shell;
  try {
    int code = mzr::driver::run(args, env);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cerr << "mzrules: internal error: " << e.what() << "\n";
    return mzr::driver::kExitUsage;
  }
}
