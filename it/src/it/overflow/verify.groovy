// overflow: BUILD FAILURE naming the file, with the required, available and excess figures, and nothing
// written for the network.
String text = new File(basedir, 'build.log').text
assert text.contains('BUILD FAILURE')
assert text.contains('too_big.onnx') : 'the failure does not name the network file'

// The figures: the error names the required, the available and the excess bytes, and they add up
// (required - available = excess, available = 64 KiB). Every figure in bytes on the error lines is
// collected (decimal with optional separators before "bytes"/"B", or 0x hex), whatever the wording.
// The message: from the first error line naming the file to the end (a message may span lines).
List<String> lines = text.readLines()
int first = lines.findIndexOf { it.startsWith('[ERROR]') && it.contains('too_big.onnx') }
assert first >= 0 : 'no error line names too_big.onnx'
String message = lines.subList(first, lines.size()).findAll { !(it =~ /^\s+at /) }.join('\n')
// At Maven's default log level the failure is the message alone: no stack trace (the builds run without -e).
assert !lines.any { it =~ /^\s+at [\w.$]+ ?\(/ } && !text.contains('Caused by:') : 'the failure printed a stack trace'
assert message.contains('src/main/networks/too_big.onnx') && !lines.any { it.startsWith('[ERROR]') && it.contains(basedir.absolutePath) }
assert message =~ /(?i)(requir|need)/ : "the error does not give the required size:\n$message"
assert message =~ /(?i)(availab|has|have|only)/ : "the error does not give the available size:\n$message"
assert message =~ /(?i)(excess|exceed|too many|short|over by)/ : "the error does not give the excess:\n$message"
Set<Long> figures = new TreeSet<>()
(message =~ /(?i)\b(\d[\d,_]*)\s*(?:bytes|B)\b/).each { all, n -> figures << Long.parseLong(n.replaceAll('[,_]', '')) }
(message =~ /(?i)\b0x([0-9a-f]+)\b/).each { all, n -> figures << Long.parseLong(n, 16) }
assert figures.contains(65536L) : "the available 65536 bytes are not in:\n$message"
def fitting = figures.findAll { r -> r > 65536L && figures.contains(r - 65536L) }
assert !fitting.isEmpty() : "no required and excess figures with required - 65536 = excess among $figures in:\n$message"

// What would make it fit.
assert message =~ /(?i)(memorySize|memory size|maxSequenceLength|sequence length)/

// Nothing written: no file at all under the generated roots, no packaged image.
['target/generated-resources', 'target/generated-sources'].each { dir ->
    File root = new File(basedir, dir)
    if (root.exists()) {
        def files = []
        root.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
        assert files.isEmpty() : "files written despite the overflow: $files"
    }
}
assert !new File(basedir, 'target/classes/it/overflow/too_big.elf').exists()
return true
