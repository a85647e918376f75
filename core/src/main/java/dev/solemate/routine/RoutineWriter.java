package dev.solemate.routine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.device.Intensity;
import dev.solemate.device.Zone;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Routine} in the hand-written format of docs/routines.md (durations as
 * {@code "1m30s"}, constant intensities as plain numbers), so a routine built in Java can be saved,
 * shared and read back by {@link Routines#parse} to an equal routine.
 */
final class RoutineWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RoutineWriter() {
    }

    static String write(Routine routine) {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://solemate.dev/schemas/routine.schema.json");
        root.put("name", routine.name());
        if (!routine.description().isEmpty()) {
            root.put("description", routine.description());
        }
        if (!routine.heat().isOff()) {
            root.set("heat", heat(routine.heat()));
        }
        root.set("steps", blocks(routine.steps()));
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write routine " + routine.name(), e);
        }
    }

    private static ArrayNode blocks(List<Block> blocks) {
        ArrayNode list = NODES.arrayNode();
        for (Block block : blocks) {
            if (block instanceof Step step) {
                list.add(step(step));
            } else if (block instanceof Repeat repeat) {
                ObjectNode group = NODES.objectNode();
                group.put("repeat", repeat.times());
                group.set("steps", blocks(repeat.blocks()));
                list.add(group);
            }
        }
        return list;
    }

    private static ObjectNode step(Step step) {
        ObjectNode node = NODES.objectNode();
        node.put("name", step.name());
        node.put("duration", HumanDuration.format(step.duration()));
        if (step.everyZone().isPresent() || !step.zones().isEmpty()) {
            ObjectNode zones = NODES.objectNode();
            step.everyZone().ifPresent(action -> zones.set(RoutineParser.ALL_ZONES, action(action)));
            for (Map.Entry<Zone, ZoneAction> e : step.zones().entrySet()) {
                zones.set(e.getKey().id(), action(e.getValue()));
            }
            node.set("zones", zones);
        }
        step.heat().ifPresent(heat -> node.set("heat", heat(heat)));
        return node;
    }

    private static ObjectNode action(ZoneAction action) {
        ObjectNode node = NODES.objectNode();
        node.put("technique", action.technique().id());
        Shape shape = action.intensity();
        if (shape instanceof Shape.Constant constant) {
            node.set("intensity", percent(constant.level()));
        } else if (shape instanceof Shape.Ramp ramp) {
            ObjectNode r = NODES.objectNode();
            r.set("from", percent(ramp.from()));
            r.set("to", percent(ramp.to()));
            node.set("intensity", r);
        } else if (shape instanceof Shape.Pulse pulse) {
            ObjectNode p = NODES.objectNode();
            p.set("low", percent(pulse.low()));
            p.set("high", percent(pulse.high()));
            p.put("period", HumanDuration.format(pulse.period()));
            node.set("intensity", NODES.objectNode().set("pulse", p));
        }
        return node;
    }

    private static com.fasterxml.jackson.databind.JsonNode percent(Intensity intensity) {
        double p = intensity.percent();
        return p == Math.rint(p) ? NODES.numberNode((int) p) : NODES.numberNode(p);
    }

    private static com.fasterxml.jackson.databind.JsonNode heat(Heat heat) {
        return heat.isOff() ? NODES.textNode("off") : NODES.numberNode(heat.celsius());
    }
}
