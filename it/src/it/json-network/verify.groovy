// json-network: a native .lstm.json network with .npy weights compiles like an ONNX one; its consumer test
// ran the image against onnxruntime's output for the ONNX twin.
import java.util.jar.JarFile

String text = new File(basedir, 'build.log').text
assert text.contains('BUILD SUCCESS')
assert text.contains('gesture.lstm.json') : 'the log does not name the network file'
assert text.contains('lstm_1') : 'the layer table does not list the LSTM layer'

File res = new File(basedir, 'target/generated-resources/lstm/it/json')
['gesture.elf', 'gesture.h', 'gesture.memory-map.json'].each { assert new File(res, it).isFile() : "missing $it" }
assert new File(basedir, 'target/generated-sources/lstm/it/json/GestureOffsets.java').isFile()
// The weight files are inputs, not networks: nothing is generated for them.
def generated = []
res.eachFileRecurse(groovy.io.FileType.FILES) { generated << it.name }
assert generated.every { it.startsWith('gesture.') } : "unexpected outputs: $generated"

def suite = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-it.json.GestureImageTest.xml'))
assert suite.@tests.toInteger() == 1
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0 && suite.@skipped.toInteger() == 0

def map = new groovy.json.JsonSlurper().parse(new File(res, 'gesture.memory-map.json'))
assert map.memorySize == 16L * 1024 * 1024
// The LSTM's weights are in the map under the layer's name.
assert map.symbols.any { it.name.startsWith('lstm_1') && it.kind == 'WEIGHTS' }

new JarFile(new File(basedir, 'target/json-network-1.0.0.jar')).withCloseable { j ->
    ['it/json/gesture.elf', 'it/json/GestureOffsets.class', 'it/json/GestureClassifier.class'].each {
        assert j.getEntry(it) != null : "jar lacks $it"
    }
    assert j.entries().toList().every { !it.name.endsWith('.npy') && !it.name.endsWith('.lstm.json') }
}
return true
