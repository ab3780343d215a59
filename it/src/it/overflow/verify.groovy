// overflow: BUILD FAILURE naming the file, with the required, available and excess figures, and nothing
// written for the network.
String text = new File(basedir, 'build.log').text
assert text.contains('BUILD FAILURE')
assert text.contains('too_big.onnx') : 'the failure does not name the network file'

// The figures: required - available = excess, available = 64 KiB. Each is read as the first number in
// bytes (decimal with optional separators, or 0x hex) after its keyword on the error lines.
List<String> errors = text.readLines().findAll { it.startsWith('[ERROR]') || it.contains('too_big.onnx') }
String message = errors.join('\n')
Long figure(String message, List<String> keywords) {
    for (String keyword : keywords) {
        def m = message =~ /(?is)(?:${keyword}).{0,80}?(0x[0-9a-f]+|\d[\d,_]*)\s*(bytes|B\b|\))/
        if (m.find()) {
            String n = m.group(1).replaceAll('[,_]', '')
            return n.toLowerCase().startsWith('0x') ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n)
        }
    }
    return null
}
Long required = figure(message, ['requir'])
Long available = figure(message, ['availab'])
Long excess = figure(message, ['excess', 'too many', 'short', 'over by'])
assert required != null : "no required figure in:\n$message"
assert available != null : "no available figure in:\n$message"
assert excess != null : "no excess figure in:\n$message"
assert available == 65536L
assert required > available
assert required - available == excess

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
