// Verilator test bench of lstm_requant: reads lines "x multiplier shift" (decimal, x and shift signed)
// from standard input and prints MBQM(x, multiplier, shift) for each, one decimal a line.
#include "Vlstm_requant.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    Vlstm_requant *top = new Vlstm_requant;
    long long x, m, s;
    while (std::scanf("%lld %lld %lld", &x, &m, &s) == 3) {
        top->x = (uint32_t)(int32_t)x;
        top->mult = (uint32_t)m;
        top->shift = (uint32_t)(int32_t)s;
        top->eval();
        std::printf("%d\n", (int32_t)top->y);
    }
    top->final();
    delete top;
    return 0;
}
