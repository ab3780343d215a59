// basic: the plugin compiled the network, the consumer's code used the constants, its JUnit test ran the
// packaged image on the simulator, and the jar carries the image and the classes.
import java.util.jar.JarFile

File log = new File(basedir, 'build.log')
String text = log.text
assert text.contains('BUILD SUCCESS')
// The toolbox-style memory-map table, with every region.
['InputDataOffset', 'OutputResultOffset', 'SchedulerDataOffset', 'SystemBufferOffset',
 'InstructionDataOffset', 'FCWeightDataOffset', 'EndOffset'].each { assert text.contains(it) : "no $it in build.log" }
assert text.contains('har_lstm.onnx') : 'the log does not name the network file'

File res = new File(basedir, 'target/generated-resources/lstm/it/basic')
File src = new File(basedir, 'target/generated-sources/lstm/it/basic')
['har_lstm.elf', 'har_lstm.h', 'har_lstm.memory-map.json'].each { assert new File(res, it).isFile() : "missing $it" }
assert new File(src, 'HarLstmOffsets.java').isFile()
byte[] elf = new File(res, 'har_lstm.elf').bytes
assert elf[0] == 0x7f && elf[1] == (byte) 'E' && elf[2] == (byte) 'L' && elf[3] == (byte) 'F'

// The consumer's tests ran, all of them, and passed.
File report = new File(basedir, 'target/surefire-reports/TEST-it.basic.HarLstmImageTest.xml')
assert report.isFile() : 'the consumer test did not run'
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.toInteger() == 3
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0 && suite.@skipped.toInteger() == 0

// The jar holds the image (byte for byte), the header, the map and the classes.
File jar = new File(basedir, 'target/basic-1.0.0.jar')
assert jar.isFile()
new JarFile(jar).withCloseable { j ->
    ['it/basic/har_lstm.elf', 'it/basic/har_lstm.h', 'it/basic/har_lstm.memory-map.json',
     'it/basic/HarLstmOffsets.class', 'it/basic/HarNetwork.class'].each { assert j.getEntry(it) != null : "jar lacks $it" }
    assert j.getInputStream(j.getEntry('it/basic/har_lstm.elf')).bytes == elf
    assert j.entries().toList().every { !it.name.endsWith('.onnx') } : 'the source network must not be packaged'
}

// The test network (src/test/networks, goal compile-test) went to the test roots: its test ran, its image
// is on the test classpath, and the jar does not carry it.
File fixtureReport = new File(basedir, 'target/surefire-reports/TEST-it.basic.FixtureImageTest.xml')
assert fixtureReport.isFile() : 'the test network\'s test did not run'
assert new groovy.xml.XmlSlurper().parse(fixtureReport).@failures.toInteger() == 0
assert new File(basedir, 'target/generated-test-sources/lstm/it/basic/HarFixtureOffsets.java').isFile()
assert new File(basedir, 'target/test-classes/it/basic/har_fixture.elf').isFile()
new JarFile(jar).withCloseable { j ->
    assert j.entries().toList().every { !it.name.contains('har_fixture') } : 'the jar carries the test network'
}

// The JSON map agrees with the configured memory.
def map = new groovy.json.JsonSlurper().parse(new File(res, 'har_lstm.memory-map.json'))
assert map.memorySize == 64L * 1024 * 1024
assert map.endOffset <= map.memorySize
return true
