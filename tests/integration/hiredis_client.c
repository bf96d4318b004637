/* A hiredis client for the integration suite: pipelines N INCRs of one key with
 * redisAppendCommand, reads every reply with redisGetReply, checks that the replies count up by
 * one, and prints the final value. Usage: hiredis_client HOST PORT [KEY] [N]. Exit 0 on success. */
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s HOST PORT [KEY] [N]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    const char *key = argc > 3 ? argv[3] : "hiredis:counter";
    long n = argc > 4 ? atol(argv[4]) : 1000;

    struct timeval timeout = {10, 0};
    redisContext *c = redisConnectWithTimeout(host, port, timeout);
    if (c == NULL || c->err) {
        fprintf(stderr, "connect: %s\n", c ? c->errstr : "out of memory");
        return 1;
    }
    redisSetTimeout(c, timeout);

    for (long i = 0; i < n; i++) {
        if (redisAppendCommand(c, "INCR %s", key) != REDIS_OK) {
            fprintf(stderr, "append: %s\n", c->errstr);
            return 1;
        }
    }
    long long first = 0, last = 0;
    for (long i = 0; i < n; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK || r == NULL) {
            fprintf(stderr, "reply %ld: %s\n", i, c->errstr);
            return 1;
        }
        if (r->type != REDIS_REPLY_INTEGER) {
            fprintf(stderr, "reply %ld: type %d, not an integer (%s)\n", i, r->type,
                    r->str ? r->str : "");
            freeReplyObject(r);
            return 1;
        }
        if (i == 0) {
            first = r->integer;
        } else if (r->integer != last + 1) {
            fprintf(stderr, "reply %ld: %lld after %lld\n", i, r->integer, last);
            freeReplyObject(r);
            return 1;
        }
        last = r->integer;
        freeReplyObject(r);
    }
    (void)first;
    printf("%lld\n", last);
    redisFree(c);
    return 0;
}
