#define _GNU_SOURCE
#include "cspoolsys.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

int cspool_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE);
}

int cspool_open_beneath(int dirfd, const char *path, int flags) {
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = (uint64_t)(flags | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

int cspool_open_beneath_nofollow(int dirfd, const char *path, int flags) {
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = (uint64_t)(flags | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

int cspool_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cspool_syncfs(int fd) { return syncfs(fd); }

int cspool_wifexited(int status) { return WIFEXITED(status); }
int cspool_wexitstatus(int status) { return WEXITSTATUS(status); }
int cspool_wifsignaled(int status) { return WIFSIGNALED(status); }
int cspool_wtermsig(int status) { return WTERMSIG(status); }

uint32_t cspool_in_close_write(void) { return IN_CLOSE_WRITE; }
uint32_t cspool_in_moved_to(void) { return IN_MOVED_TO; }
uint32_t cspool_in_create(void) { return IN_CREATE; }
uint32_t cspool_in_q_overflow(void) { return IN_Q_OVERFLOW; }
uint32_t cspool_in_isdir(void) { return IN_ISDIR; }
uint32_t cspool_in_ignored(void) { return IN_IGNORED; }
uint32_t cspool_in_delete_self(void) { return IN_DELETE_SELF; }
uint32_t cspool_in_move_self(void) { return IN_MOVE_SELF; }
uint32_t cspool_in_dont_follow(void) { return IN_DONT_FOLLOW; }
uint32_t cspool_in_onlydir(void) { return IN_ONLYDIR; }
int cspool_in_nonblock(void) { return IN_NONBLOCK; }
int cspool_in_cloexec(void) { return IN_CLOEXEC; }

long cspool_statfs_type(const char *path, int *error) {
    struct statfs info;
    if (statfs(path, &info) != 0) {
        *error = errno;
        return -1;
    }
    *error = 0;
    return (long)info.f_type;
}

int cspool_malloc_trim(void) { return malloc_trim(0); }

int cspool_limit_malloc_arenas(int count) { return mallopt(M_ARENA_MAX, count); }
