// Linux calls and macros that Swift's Glibc module does not import cleanly.
// Every symbol carries the `cspool_` prefix.
#ifndef CSPOOLSYS_H
#define CSPOOLSYS_H

#include <stdint.h>
#include <sys/types.h>

/// renameat2(RENAME_NOREPLACE): fails with EEXIST instead of replacing `newpath`
/// (plain rename(2) silently replaces an empty directory).
int cspool_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: opens `path` below `dirfd`,
/// following symlinks only while they stay beneath it. Returns -1 with errno on failure
/// (EXDEV when the path escapes, ENOSYS on kernels before 5.6).
int cspool_open_beneath(int dirfd, const char *path, int flags);

/// openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS: like
/// `cspool_open_beneath`, but fails with ELOOP on any symlink in `path`, even one that
/// stays beneath `dirfd`. For serving files that a client names.
int cspool_open_beneath_nofollow(int dirfd, const char *path, int flags);

/// pipe2(O_CLOEXEC): both ends close on exec, so no other child inherits them.
int cspool_pipe_cloexec(int fds[2]);

/// syncfs(2): flushes the whole file system holding `fd`.
int cspool_syncfs(int fd);

/// Wait-status macros.
int cspool_wifexited(int status);
int cspool_wexitstatus(int status);
int cspool_wifsignaled(int status);
int cspool_wtermsig(int status);

/// inotify flags, as plain integers.
uint32_t cspool_in_close_write(void);
uint32_t cspool_in_moved_to(void);
uint32_t cspool_in_create(void);
uint32_t cspool_in_q_overflow(void);
uint32_t cspool_in_isdir(void);
uint32_t cspool_in_ignored(void);
uint32_t cspool_in_delete_self(void);
uint32_t cspool_in_move_self(void);
uint32_t cspool_in_dont_follow(void);
uint32_t cspool_in_onlydir(void);
int cspool_in_nonblock(void);
int cspool_in_cloexec(void);

/// statfs f_type, to tell a network file system (NFS, SMB, FUSE) from a local one.
long cspool_statfs_type(const char *path, int *error);

/// glibc's `malloc_trim(0)`: hands freed heap at the top of every arena back to the kernel.
/// Returns 1 if memory was released.
int cspool_malloc_trim(void);

/// glibc's `mallopt(M_ARENA_MAX, count)`: at most `count` malloc arenas for all threads.
int cspool_limit_malloc_arenas(int count);

#endif
