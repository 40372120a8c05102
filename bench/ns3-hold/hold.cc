// The classic hold model on ns-3's Simulator, the same model as
// test/bench/hold.ts: P events pending; each event, when it fires, schedules
// one more at now + Exp(1) seconds. After a warm-up of `events` events the next
// `events` events are timed. One JSON line per scheduler on stdout.
//
// Usage: hold <pending> <events> <seed> <rng> <scheduler>...
//   rng: "simple" (splitmix64, -log of a uniform in (0, 1]) or "ns3"
//   (ns3::ExponentialRandomVariable, MRG32k3a). The simple generator is the
//   default so that the comparison measures the event queue, not the
//   generator: it is cheaper than mecsim's own, which favours ns-3.
//   scheduler: an ns-3 TypeId such as ns3::HeapScheduler.
#include "ns3/core-module.h"

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace ns3;

namespace
{

uint64_t g_state = 0;

double
SimpleExponential()
{
    g_state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = g_state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    // 53 random bits; 1 - u lies in (0, 1], so the logarithm is finite.
    double u = static_cast<double>(z >> 11) * 0x1.0p-53;
    return -std::log(1.0 - u);
}

Ptr<ExponentialRandomVariable> g_ns3Exp;
bool g_useNs3Rng = false;

double
Draw()
{
    return g_useNs3Rng ? g_ns3Exp->GetValue() : SimpleExponential();
}

uint64_t g_fired = 0;
uint64_t g_startAt = 0;
uint64_t g_stopAt = 0;
std::chrono::steady_clock::time_point g_t0;
std::chrono::steady_clock::time_point g_t1;
// Processor time as well as wall time: on a machine shared with other work,
// wall time also counts the time this process waited for a core.
std::clock_t g_c0 = 0;
std::clock_t g_c1 = 0;

void
Hold()
{
    ++g_fired;
    if (g_fired == g_startAt)
    {
        g_t0 = std::chrono::steady_clock::now();
        g_c0 = std::clock();
    }
    else if (g_fired == g_stopAt)
    {
        g_t1 = std::chrono::steady_clock::now();
        g_c1 = std::clock();
        Simulator::Stop();
    }
    Simulator::Schedule(Seconds(Draw()), &Hold);
}

} // namespace

int
main(int argc, char* argv[])
{
    if (argc < 6)
    {
        std::fprintf(stderr, "usage: hold <pending> <events> <seed> <simple|ns3> <scheduler>...\n");
        return 2;
    }
    const uint64_t pending = std::strtoull(argv[1], nullptr, 10);
    const uint64_t events = std::strtoull(argv[2], nullptr, 10);
    const uint64_t seed = std::strtoull(argv[3], nullptr, 10);
    const std::string rng = argv[4];
    if (pending == 0 || events == 0 || (rng != "simple" && rng != "ns3"))
    {
        std::fprintf(stderr, "hold: pending and events must be positive, rng simple or ns3\n");
        return 2;
    }
    g_useNs3Rng = rng == "ns3";
    for (int i = 5; i < argc; ++i)
    {
        const std::string scheduler = argv[i];
        ObjectFactory factory;
        factory.SetTypeId(scheduler);
        Simulator::SetScheduler(factory);
        g_state = seed;
        RngSeedManager::SetSeed(static_cast<uint32_t>(seed));
        g_ns3Exp = CreateObject<ExponentialRandomVariable>();
        g_ns3Exp->SetAttribute("Mean", DoubleValue(1.0));
        g_fired = 0;
        g_startAt = events; // the warm-up is the first `events` events
        g_stopAt = 2 * events;
        for (uint64_t k = 0; k < pending; ++k)
        {
            Simulator::Schedule(Seconds(Draw()), &Hold);
        }
        Simulator::Run();
        const double wallS = std::chrono::duration<double>(g_t1 - g_t0).count();
        const double cpuS = static_cast<double>(g_c1 - g_c0) / CLOCKS_PER_SEC;
        std::printf("{\"scheduler\":\"%s\",\"pending\":%llu,\"events\":%llu,\"rng\":\"%s\","
                    "\"wallS\":%.6f,\"eventsPerS\":%.0f,\"cpuS\":%.6f,\"eventsPerCpuS\":%.0f}\n",
                    scheduler.c_str(),
                    static_cast<unsigned long long>(pending),
                    static_cast<unsigned long long>(events),
                    rng.c_str(),
                    wallS,
                    static_cast<double>(events) / wallS,
                    cpuS,
                    static_cast<double>(events) / cpuS);
        std::fflush(stdout);
        g_ns3Exp = nullptr;
        Simulator::Destroy();
    }
    return 0;
}
