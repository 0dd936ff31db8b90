// MODEL-PATTERN workload (../MODEL-PATTERN.md) in SystemC 2.3, in the style of
// ../../../shared/bench/systemc_phold.cpp: one SC_METHOD per chain, statically sensitive to the
// chain's sc_event (exactly one step pending per chain, so the sc_event's single pending
// notification is the chain's event), and one SC_METHOD per chain for its Completion Timeout,
// sensitive to a second sc_event that is notified when armed and cancel()ed when the completion
// comes. Time resolution 1 ps. Usage: systemc_model_pattern [N T]
#include <systemc.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

static uint32_t N = 4096;
static uint64_t T = 3000000000ULL;  // ps
static const uint64_t TIMEOUT_PS = 50000000001ULL;
static const uint32_t ARM_PER_65536 = 5953;
static const int DELAY_WEIGHTS[35] = {
    0, 1091, 0, 0, 0, 1, 1, 2, 5, 750, 32, 1313, 5857, 910, 1425, 5447, 30437, 526, 7479, 1644,
    4993, 2950, 16, 51, 541, 3, 22, 6, 0, 1, 18, 2, 4, 8, 1};
static uint8_t BIN[65536];
static uint64_t g_count = 0, g_sum = 0;

static inline uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

SC_MODULE(Chain) {
    uint32_t id;
    uint64_t rng;
    int left = 0;  // steps before the armed timeout is cancelled; 0 none armed; -1 never cancelled
    sc_event wake, timeout;

    SC_HAS_PROCESS(Chain);
    Chain(sc_module_name nm, uint32_t i) : sc_module(nm), id(i), rng(777 + (uint64_t)i) {
        SC_METHOD(step);
        sensitive << wake;
        dont_initialize();
        SC_METHOD(expire);
        sensitive << timeout;
        dont_initialize();
    }

    void step() {
        uint64_t t = sc_time_stamp().value();
        ++g_count;
        g_sum += t * 1000003ULL + id;
        uint64_t r1 = splitmix64(rng), r2 = splitmix64(rng);
        if (left > 0) {
            if (left == 1) timeout.cancel();
            left--;
        } else if (left == 0 && ((r1 >> 16) & 0xFFFF) < ARM_PER_65536) {
            left = ((r1 >> 32) & 1023) == 0 ? -1 : 1 + (int)((r1 >> 42) & 15);
            timeout.notify(sc_time::from_value(TIMEOUT_PS));
        }
        int b = BIN[r1 & 0xFFFF];
        uint64_t d = b == 1 ? 1 : (1ULL << (b - 1)) + (r2 & ((1ULL << (b - 1)) - 1));
        uint64_t step = (d + 1) & ~1ULL;
        if (t + step <= T) wake.notify(sc_time::from_value(step));
    }

    void expire() {
        ++g_count;
        g_sum += sc_time_stamp().value() * 1000003ULL + id + 0x5BD1E995ULL;
        left = 0;
    }
};

static std::vector<Chain *> chains;

SC_MODULE(Top) {
    SC_CTOR(Top) {
        for (uint32_t i = 0; i < N; i++) chains.push_back(new Chain(("c" + std::to_string(i)).c_str(), i));
        SC_METHOD(init);  // runs once in the initialization phase at time 0
    }
    // Every chain's first step at time 0 (a delta notification: it fires at time 0).
    void init() {
        for (uint32_t i = 0; i < N; i++) chains[i]->wake.notify(SC_ZERO_TIME);
    }
};

int sc_main(int argc, char **argv) {
    if (argc >= 3) { N = strtoul(argv[1], 0, 10); T = strtoull(argv[2], 0, 10); }
    int k = 0;
    for (int b = 0; b < 35; b++)
        for (int w = 0; w < DELAY_WEIGHTS[b]; w++) BIN[k++] = (uint8_t)b;
    if (k != 65536) { fprintf(stderr, "delay weights sum to %d\n", k); return 1; }
    sc_set_time_resolution(1, SC_PS);
    Top top("top");
    auto t0 = std::chrono::steady_clock::now();
    sc_start();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    printf("systemc model-pattern events=%llu seconds=%.3f rate=%.0f checksum=%llu\n",
           (unsigned long long)g_count, s, g_count / s, (unsigned long long)(g_sum + g_count));
    return 0;
}
