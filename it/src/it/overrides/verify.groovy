// overrides: two networks, two memory sizes. large.onnx takes the global 512 MiB; small.onnx's <network>
// entry gives it 1 MiB, a frame limit of 16 and the class name SmallNetwork.
import java.util.jar.JarFile

String text = new File(basedir, 'build.log').text
assert text.contains('BUILD SUCCESS')

File res = new File(basedir, 'target/generated-resources/lstm/it/overrides')
File src = new File(basedir, 'target/generated-sources/lstm/it/overrides')
def slurper = new groovy.json.JsonSlurper()
def large = slurper.parse(new File(res, 'large.memory-map.json'))
def small = slurper.parse(new File(res, 'small.memory-map.json'))
assert large.memorySize == 512L * 1024 * 1024
assert small.memorySize == 1024L * 1024
assert small.endOffset <= small.memorySize

assert new File(src, 'LargeOffsets.java').isFile()
assert new File(src, 'SmallNetwork.java').isFile()
assert !new File(src, 'SmallOffsets.java').exists() : 'the className override was ignored'

// The compiled constants, read from the classes the build produced.
def loader = new URLClassLoader([new File(basedir, 'target/classes').toURI().toURL()] as URL[], (ClassLoader) null)
def constant = { String cls, String field -> loader.loadClass("it.overrides.$cls").getField(field).get(null) }
assert constant('LargeOffsets', 'MEMORY_SIZE') == 512L * 1024 * 1024
assert constant('SmallNetwork', 'MEMORY_SIZE') == 1024L * 1024
assert constant('SmallNetwork', 'MAX_SEQUENCE_LENGTH') == 16
assert constant('LargeOffsets', 'MAX_SEQUENCE_LENGTH') == 30  // the model's fixed sequence length
assert constant('Deployment', 'SMALL_MEMORY') == 1024L * 1024
assert constant('SmallNetwork', 'IMAGE_RESOURCE') == '/it/overrides/small.elf'
loader.close()

new JarFile(new File(basedir, 'target/overrides-1.0.0.jar')).withCloseable { j ->
    ['it/overrides/large.elf', 'it/overrides/small.elf', 'it/overrides/LargeOffsets.class',
     'it/overrides/SmallNetwork.class'].each { assert j.getEntry(it) != null : "jar lacks $it" }
}
return true
