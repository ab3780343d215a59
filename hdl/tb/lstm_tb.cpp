// Verilator test bench of lstm_processor (docs/hardware.md, "Simulating").
//
// It loads a memory file (the bytes [0, EndOffset) of an image's memory with the input frames and the
// scheduler fields written, as io.github.lstmhdl.rtl.MemoryFile writes it), plays the external memory
// (one 32-bit port, a read answered one cycle after it is accepted; with --stall-seed the memory
// randomly withholds mem_ready and delays the read data, to exercise the handshake), acts as the host
// (sets CONTROL_START as its last write, then polls STATUS), and when STATUS reads STATUS_DONE dumps
// the memory and prints the cycle counts:
//
//   cycles <c>      cycles from the processor's seeing CONTROL_START to its writing STATUS_DONE
//   setup <c>       of which the run's setup (STATUS = 0, the run parameters, the program header)
//   pc <i> <c>      of which instruction i's cycles (fetch, decode, execution; a LOOP's iterations)
//
// Exit status 0 on STATUS_DONE; 2 when the processor stops with an error (its code, name and the
// instruction are printed); 3 when the cycle limit passes first; 1 for a bad command line or file.
#include "Vlstm_processor.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

const char *errorName(unsigned code) {
    static const char *names[] = {
        "none",
        "program header: magic is not LSTI",
        "program header: format version or instruction size is not 1 / 64",
        "program header: data type is not int8 (2): this RTL implements the int8 datapath only",
        "program header: reserved bytes 20..63 are not zero, or a fixed sequence length of 2^31 or more",
        "SEQUENCE_LENGTH is outside 1 .. the frame limit, or not the program's fixed sequence length",
        "the program ran past its last instruction without HALT",
        "unknown opcode",
        "unknown activation code",
        "reserved field not zero (w0 bits 24..31 or w13..w15)",
        "a count (n, m, aux, row stride) is 2^31 or more",
        "a LOOP inside a loop body",
        "a LOOP whose body runs past the last instruction",
        "an operand's bytes lie outside [0, EndOffset)",
        "FC row stride below m",
        "LSTM_GATES with aux = 0 or n > 4 aux",
        "SOFTMAX is not an int8 operation",
        "a parameter record lies outside [0, EndOffset)",
        "a parameter record field is out of its range",
        "an I16 operand at an odd address",
        "SIGMOID, TANH or LSTM_GATES in an FC write-back needs an I16 dst",
        "not supported by this RTL: dst partially overlaps a source",
        "not supported by this RTL: a parameter record that is not 4-byte aligned",
    };
    return code < sizeof(names) / sizeof(names[0]) ? names[code] : "unknown error code";
}

uint32_t word(const std::vector<uint8_t> &m, uint64_t at) {
    return m[at] | m[at + 1] << 8 | m[at + 2] << 16 | (uint32_t)m[at + 3] << 24;
}

void setWord(std::vector<uint8_t> &m, uint64_t at, uint32_t v) {
    for (int i = 0; i < 4; i++) m[at + i] = (uint8_t)(v >> (8 * i));
}

[[noreturn]] void usage(const char *why) {
    std::fprintf(stderr, "lstm_tb: %s\nusage: lstm_tb --memory FILE --scheduler-offset N --instruction-offset N"
                         " --end-offset N --frame-limit N [--max-cycles N] [--dump FILE] [--stall-seed N]\n", why);
    std::exit(1);
}

}  // namespace

int main(int argc, char **argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; i++) {
        if (std::strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc) usage("every option takes a value");
        args[argv[i] + 2] = argv[i + 1];
        i++;
    }
    for (const char *required : {"memory", "scheduler-offset", "instruction-offset", "end-offset", "frame-limit"}) {
        if (!args.count(required)) usage((std::string("missing --") + required).c_str());
    }
    auto number = [&](const char *name, uint64_t dflt) {
        return args.count(name) ? std::strtoull(args[name].c_str(), nullptr, 0) : dflt;
    };
    const uint64_t scheduler = number("scheduler-offset", 0);
    const uint64_t instructions = number("instruction-offset", 0);
    const uint64_t endOffset = number("end-offset", 0);
    const uint64_t frameLimit = number("frame-limit", 0);
    const uint64_t maxCycles = number("max-cycles", 100000000ULL);
    const bool stalls = args.count("stall-seed") != 0;
    std::mt19937 random((uint32_t)number("stall-seed", 0));

    FILE *f = std::fopen(args["memory"].c_str(), "rb");
    if (!f) usage(("cannot read " + args["memory"]).c_str());
    std::vector<uint8_t> mem;
    uint8_t buffer[65536];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, f)) > 0) mem.insert(mem.end(), buffer, buffer + got);
    std::fclose(f);
    if (mem.size() < endOffset || mem.size() % 4 != 0 || scheduler + 64 > mem.size()) {
        usage("the memory file must hold [0, EndOffset) in whole words, the scheduler data included");
    }

    Verilated::commandArgs(argc, argv);
    Vlstm_processor *top = new Vlstm_processor;
    top->scheduler_offset = (uint32_t)scheduler;
    top->instruction_offset = (uint32_t)instructions;
    top->end_offset = (uint32_t)endOffset;
    top->frame_limit = (uint32_t)frameLimit;
    top->mem_ready = 1;
    top->mem_rvalid = 0;
    top->mem_rdata = 0;
    top->rst = 1;
    top->clk = 0;
    top->eval();

    bool pending = false;
    int pendingDelay = 0;
    uint32_t pendingData = 0;
    uint64_t cycles = 0, setup = 0, edges = 0;
    std::map<uint32_t, uint64_t> perPc;
    bool started = false, sawBusy = false;
    int status = -1;
    while (status < 0) {
        if (edges == 4) top->rst = 0;
        if (edges == 16) {  // the host's last write of the setup: CONTROL_START
            setWord(mem, scheduler + 4, word(mem, scheduler + 4) | 2u);
            started = true;
        }
        // what the processor sees at this edge
        const bool accept = top->mem_valid && top->mem_ready;
        const uint32_t addr = top->mem_addr, wdata = top->mem_wdata, strb = top->mem_wstrb;
        const bool we = top->mem_we;
        if (top->busy) {
            cycles++;
            if (top->trace_valid) perPc[top->trace_pc]++;
            else setup++;
            sawBusy = true;
        }
        top->clk = 1;
        top->eval();
        edges++;
        // the memory's answer, for the next edge
        top->mem_rvalid = 0;
        if (accept) {
            if ((uint64_t)addr + 4 > mem.size() || (addr & 3) != 0) {
                std::fprintf(stderr, "lstm_tb: the processor accessed 0x%08x outside the memory [0, 0x%08llx)\n",
                             addr, (unsigned long long)mem.size());
                status = 1;
                break;
            }
            if (we) {
                for (int i = 0; i < 4; i++) {
                    if (strb >> i & 1) mem[addr + i] = (uint8_t)(wdata >> (8 * i));
                }
            } else {
                pending = true;
                pendingData = word(mem, addr);
                pendingDelay = stalls ? (int)(random() % 3) : 0;
            }
        }
        if (pending && !accept) {
            if (pendingDelay == 0) {
                top->mem_rvalid = 1;
                top->mem_rdata = pendingData;
                pending = false;
            } else {
                pendingDelay--;
            }
        } else if (pending && pendingDelay == 0) {
            top->mem_rvalid = 1;
            top->mem_rdata = pendingData;
            pending = false;
        }
        top->mem_ready = stalls ? (random() % 4 != 0) : 1;
        top->clk = 0;
        top->eval();

        if (top->error) {
            std::printf("error %u %u\n", (unsigned)top->error_code, (unsigned)top->error_pc);
            std::fprintf(stderr, "lstm_tb: the processor stopped at instruction %u: %s (error %u)\n",
                         (unsigned)top->error_pc, errorName(top->error_code), (unsigned)top->error_code);
            status = 2;
        } else if (started && sawBusy && !top->busy && word(mem, scheduler + 8) == 1) {
            status = 0;
        } else if (cycles > maxCycles) {
            std::fprintf(stderr, "lstm_tb: no STATUS_DONE within %llu cycles\n", (unsigned long long)maxCycles);
            status = 3;
        }
    }
    std::printf("cycles %llu\nsetup %llu\n", (unsigned long long)cycles, (unsigned long long)setup);
    for (const auto &e : perPc) std::printf("pc %u %llu\n", e.first, (unsigned long long)e.second);
    if (args.count("dump")) {
        FILE *d = std::fopen(args["dump"].c_str(), "wb");
        if (!d || std::fwrite(mem.data(), 1, mem.size(), d) != mem.size() || std::fclose(d) != 0) {
            std::fprintf(stderr, "lstm_tb: cannot write %s\n", args["dump"].c_str());
            return 1;
        }
    }
    top->final();
    delete top;
    return status;
}
