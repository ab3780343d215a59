// bad-unsupported-op: an ONNX model with a 2-D Conv node (kernel [3, 1]) fails the build with an error naming the file, the
// node and its op, and the reason; nothing is half-written.
String text = new File(basedir, 'build.log').text
assert text.contains('BUILD FAILURE')
// The message: from the first error line to the end (a message may span lines), without stack frames.
List<String> lines = text.readLines()
int first = lines.findIndexOf { it.startsWith('[ERROR]') }
assert first >= 0 : 'no error in build.log'
String message = lines.subList(first, lines.size()).findAll { !(it =~ /^\s+at /) }.join('\n')
assert message.contains('src/main/networks/unsupported.onnx') : "no error names src/main/networks/unsupported.onnx:\n$message"
assert !lines.any { it.startsWith('[ERROR]') && it.contains(basedir.absolutePath) } : "the error shows an absolute path:\n$message"
// At Maven's default log level the failure is the message alone: no stack trace (the builds run without -e).
assert !lines.any { it =~ /^\s+at [\w.$]+ ?\(/ } && !text.contains('Caused by:') : 'the failure printed a stack trace'
assert message.contains('conv_1') : "the error does not name the node conv_1:\n$message"
assert message.contains('Conv') : "the error does not name the op Conv:\n$message"
assert message.replace('unsupported.onnx', '') =~ /(?i)(unsupported|not supported|cannot be compiled|no support)/ :
        "no reason in:\n$message"
// A typed error, not a crash of the importer.
['NullPointerException', 'IndexOutOfBoundsException', 'OutOfMemoryError'].each {
    assert !text.contains(it) : "the build failed with a $it"
}

// Nothing half-written: no image, no class, no header, no map, no temporary file.
['target/generated-resources', 'target/generated-sources'].each { dir ->
    File root = new File(basedir, dir)
    if (root.exists()) {
        def files = []
        root.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
        assert files.isEmpty() : "files written for an invalid network: $files"
    }
}
def stray = []
File target = new File(basedir, 'target')
if (target.exists()) {
    target.eachFileRecurse(groovy.io.FileType.FILES) {
        if (it.name.endsWith('.elf') || it.name.endsWith('.tmp') || it.name.contains('Offsets')) stray << it
    }
}
assert stray.isEmpty() : "stray outputs: $stray"
return true
