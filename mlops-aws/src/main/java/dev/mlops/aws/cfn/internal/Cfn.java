package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Small builders for CloudFormation JSON: objects, arrays and the intrinsic functions the renderers use
 * ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::If}, {@code Fn::Equals}).
 */
public final class Cfn {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Cfn() {
    }

    /**
     * An empty JSON object.
     *
     * @return a new object
     */
    public static ObjectNode object() {
        return F.objectNode();
    }

    /**
     * A JSON array of strings.
     *
     * @param values the strings, in order
     * @return a new array
     */
    public static ArrayNode strings(String... values) {
        ArrayNode a = F.arrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    /**
     * An empty JSON array.
     *
     * @return a new array
     */
    public static ArrayNode array() {
        return F.arrayNode();
    }

    /**
     * {@code {"Ref": name}}: a parameter's value, a pseudo parameter's ({@code AWS::Region}) or a resource's
     * physical id.
     *
     * @param name what to refer to
     * @return the intrinsic
     */
    public static ObjectNode ref(String name) {
        return object().put("Ref", name);
    }

    /**
     * {@code {"Fn::Sub": text}}: text with {@code ${Name}} replaced by parameters, pseudo parameters and
     * resources.
     *
     * @param text the text
     * @return the intrinsic
     */
    public static ObjectNode sub(String text) {
        return object().put("Fn::Sub", text);
    }

    /**
     * {@code {"Fn::GetAtt": [resource, attribute]}}.
     *
     * @param resource the resource's logical id
     * @param attribute the attribute, e.g. {@code Arn}
     * @return the intrinsic
     */
    public static ObjectNode getAtt(String resource, String attribute) {
        ObjectNode o = object();
        o.set("Fn::GetAtt", strings(resource, attribute));
        return o;
    }

    /**
     * {@code {"Fn::If": [condition, whenTrue, whenFalse]}}.
     *
     * @param condition the condition's logical id
     * @param whenTrue the value when it holds
     * @param whenFalse the value otherwise
     * @return the intrinsic
     */
    public static ObjectNode ifThen(String condition, ObjectNode whenTrue, ObjectNode whenFalse) {
        ArrayNode a = array().add(condition);
        a.add(whenTrue);
        a.add(whenFalse);
        ObjectNode o = object();
        o.set("Fn::If", a);
        return o;
    }

    /**
     * {@code {"Fn::Equals": [parameter's value, text]}}.
     *
     * @param parameter the parameter
     * @param text the text to compare with
     * @return the condition's body
     */
    public static ObjectNode equalsParameter(String parameter, String text) {
        ArrayNode a = array();
        a.add(ref(parameter));
        a.add(text);
        ObjectNode o = object();
        o.set("Fn::Equals", a);
        return o;
    }

    /**
     * An ARN of an IAM role in the stack's partition and account, from pseudo parameters only:
     * {@code arn:${AWS::Partition}:iam::${AWS::AccountId}:role<path><name>}.
     *
     * @param path the role's path, e.g. {@code /service-role/}
     * @param name the role's name
     * @return the {@code Fn::Sub}
     */
    public static ObjectNode roleArn(String path, String name) {
        return sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role" + path + name);
    }

    /**
     * A CloudFormation {@code Tags} list entry.
     *
     * @param key the tag's key
     * @param value the tag's value (a literal or an intrinsic)
     * @return the entry
     */
    public static ObjectNode tag(String key, ObjectNode value) {
        ObjectNode t = object().put("Key", key);
        t.set("Value", value);
        return t;
    }
}
